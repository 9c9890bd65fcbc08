// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
//
// A host-run nested-hypervisor fuzzer (libFuzzer): the example L1 runs in the emulator with
// nvarm as its virtual EL2, and the fuzzer decides what its guest does. L1 boots once, up to
// its first ERET to L2 (its EL2 MMU, stage-2 for L2, GIC, vGIC set up); that state is the
// snapshot. Each input replaces L2's first instructions (up to 4 KiB at L2's entry) and runs
// from the snapshot for at most 20,000 instructions: every system register L2 touches goes
// through nvarm_fwd_route() with L1's trap controls, every memory access through nvarm's
// shadow stage-2, every trap to L1 through nvarm's vEL2 injection, and L1's answers (MMIO
// emulation, remaps with TLBIs, list registers, ERET) back through nvarm. The sanitizers
// catch what goes wrong in nvarm (and in this emulator).
//   NVARM_EMU_L1  the L1 image (default: the aarch64 tree's l1.bin)
//   NVARM_EMU_NV  set: FEAT_NV-style vEL2 accesses (default FEAT_NV2-style)
#include <stdlib.h>
#include <string.h>

#include "emu.h"

#ifndef EMU_DEFAULT_L1
#define EMU_DEFAULT_L1 "l1.bin"
#endif
#define L1_SPAN	  (2u << 20) /* L1's image, data, stack and table pools */
#define L2_SPAN	  (4u << 20) /* L2's RAM and the pages L1 remaps it to */
#define MAX_CODE  4096
#define MAX_INSNS 20000

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uc_context *snap_ctx;
static struct emu snap;
static uint8_t snap_vncr[4096];
static uint8_t *snap_l1, *snap_l2, *snap_gic, *snap_timer;
static uint64_t l2_entry_pa, l2_span_pa;

static uint8_t *ram_at(uint64_t pa)
{
	return E.ram + (pa - RAM_BASE);
}

int LLVMFuzzerInitialize(int *argc, char **argv[])
{
	(void)argc;
	(void)argv;
	const char *img = getenv("NVARM_EMU_L1") ? getenv("NVARM_EMU_L1") : EMU_DEFAULT_L1;
	E.mode = getenv("NVARM_EMU_NV") ? MODE_NV : MODE_NV2;
	E.max_insns = 50000000ull;
	E.quiet = true;
	E.silent = true;
	emu_setup(img);
	const char *why = emu_run(true);
	if (why || !E.in_l2) {
		fprintf(stderr, "fuzz_l2: L1 (%s) did not reach L2: %s\n", img,
			why ? why : "powered off");
		abort();
	}
	/* L2's entry and RAM in machine addresses, through L1's stage-2 */
	struct nvarm_s2mmu_l1_regs l1;
	struct nvarm_s2mmu_translation tr;
	l1_s2_regs(&l1);
	if (nvarm_s2mmu_translate(&E.s2, &l1, nvarm_ipa2(E.resume_pc), NVARM_S2_ACC_R, &tr) ||
	    tr.fault != NVARM_S2_FAULT_NONE) {
		fprintf(stderr, "fuzz_l2: L2's entry 0x%lx is not mapped\n",
			(unsigned long)E.resume_pc);
		abort();
	}
	l2_entry_pa = tr.ipa1.v;
	l2_span_pa = l2_entry_pa & ~((2ull << 20) - 1);
	if (l2_span_pa + L2_SPAN > RAM_BASE + RAM_SIZE || L1_LOAD + L1_SPAN > l2_span_pa) {
		fprintf(stderr, "fuzz_l2: unexpected memory layout\n");
		abort();
	}
	size_t n;
	uc_context_alloc(E.uc, &snap_ctx);
	uc_context_save(E.uc, snap_ctx);
	snap = E;
	memcpy(snap_vncr, E.vncr, sizeof(snap_vncr));
	snap_l1 = malloc(L1_SPAN);
	snap_l2 = malloc(L2_SPAN);
	memcpy(snap_l1, ram_at(L1_LOAD), L1_SPAN);
	memcpy(snap_l2, ram_at(l2_span_pa), L2_SPAN);
	void *gs = gic_state(&n);
	snap_gic = malloc(n);
	memcpy(snap_gic, gs, n);
	void *ts = timer_state(&n);
	snap_timer = malloc(n);
	memcpy(snap_timer, ts, n);
	return 0;
}

static void restore(void)
{
	size_t n;
	uc_context_restore(E.uc, snap_ctx);
	E = snap;
	memcpy(E.vncr, snap_vncr, sizeof(snap_vncr));
	memcpy(ram_at(L1_LOAD), snap_l1, L1_SPAN);
	memcpy(ram_at(l2_span_pa), snap_l2, L2_SPAN);
	memcpy(gic_state(&n), snap_gic, n);
	memcpy(timer_state(&n), snap_timer, n);
	mmu_reset();
	uc_ctl_flush_tb(E.uc); /* L2's code changed under Unicorn's translation cache */
	tlb_flush();
}

/*
 * Encodings the emulator itself cannot translate: Unicorn 2.1.1's translator (QEMU 5.0)
 * aborts on an assertion for some AdvSIMD FP16 instructions, found by this fuzzer:
 *  - two-register miscellaneous FP16 (disas_simd_two_reg_misc_fp16, 0x7e7878f8): the class
 *    (insn & 0x8f7e0c00) == 0x0e780800;
 *  - three same FP16 with an unallocated opcode (disas_simd_three_reg_same_fp16, 0x2ece0c22,
 *    "fpop 0x19"): the class (insn & 0x9f60c400) == 0x0e400400, skipped whole.
 * Inputs holding one are not run (a defect of the emulator, not of nvarm or the L0 it
 * stands for; no FP16 arithmetic traps to EL2).
 */
static int emulator_cannot_translate(const uint8_t *code, size_t n)
{
	for (size_t i = 0; i + 4 <= n; i += 4) {
		uint32_t insn = (uint32_t)code[i] | (uint32_t)code[i + 1] << 8 |
				(uint32_t)code[i + 2] << 16 | (uint32_t)code[i + 3] << 24;
		if ((insn & 0x8f7e0c00u) == 0x0e780800u || (insn & 0x9f60c400u) == 0x0e400400u)
			return 1;
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t n = (size > MAX_CODE ? MAX_CODE : size) & ~(size_t)3;

	if (emulator_cannot_translate(data, n))
		return -1; /* libFuzzer: not kept in the corpus */
	restore();
	memcpy(ram_at(l2_entry_pa), data, n);
	E.max_insns = E.icount + MAX_INSNS;
	(void)emu_run(false);
	return 0;
}
