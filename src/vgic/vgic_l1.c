// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * L0's own list registers for L1 (the plain, non-nested injection helpers).
 *
 * Owns: the image cpu->l1_lr[] of the hardware LRs while L1 runs, and the caller's
 * overflow queue. An interrupt for L1 is in exactly one place: an LR of the image or the
 * queue (the only exception is an HW = 1 interrupt that is active in an LR and pending
 * again: it waits in the queue until the active instance retires, because an HW = 1 LR
 * cannot be pending and active). Queued interrupts never share an INTID with an LR when
 * they are moved in, so L1 never sees two LRs with the same vINTID (UNPREDICTABLE).
 *
 * Overflow: flush moves the highest-priority queued interrupts into free LRs and evicts
 * pending-only LRs of lower priority back to the queue. While interrupts wait, HW = 0 LRs
 * carry EOI = 1, so L1's deactivation raises a maintenance interrupt, L0 exits, and the
 * next flush refills (no underflow storms with a single LR).
 *
 * Invariants: l1_lr[n] == 0 for every n not in l1_used; hw_used covers every hardware LR
 * that may hold a non-zero value; where == VGIC_HW_L1_LIVE means hardware may be newer
 * than the image (L1 ran) and must be read back before the image is used.
 *
 * Locking: none (per-vCPU).
 */
#include "vgic_internal.h"

#define VGIC_VINTID_MASK 0xffffffffu

static inline uint64_t hw_rd(const struct nvarm_vgic_cpu *cpu, uint32_t enc)
{
	return cpu->ops->hw_read(cpu->ops->ctx, enc);
}

static void lr_free(struct nvarm_vgic_cpu *cpu, unsigned n)
{
	cpu->l1_lr[n] = 0;
	cpu->l1_used &= (uint16_t) ~(1u << n);
	cpu->l1_dirty = true;
}

void nvarm__vgic_l1_sync_hw(struct nvarm_vgic_cpu *cpu)
{
	uint16_t used = cpu->l1_used;

	while (used) {
		unsigned n = (unsigned)__builtin_ctz(used);
		uint64_t lr = hw_rd(cpu, VGIC_ENC_LR(n));

		used &= (uint16_t)(used - 1);
		if (lr & NVARM_ICH_LR_STATE_MASK)
			cpu->l1_lr[n] = lr;
		else
			lr_free(cpu, n); /* retired by L1 (rewritten at the next load) */
	}
	cpu->where = VGIC_HW_L1_CLEAN;
}

/*
 * ICH_HCR_EL2 while L1 runs: l1_hcr (En) while one of L0's list registers for L1 is in use,
 * else 0. With no list register valid the interface has nothing to signal, and En gates only
 * the signalling of virtual and maintenance interrupts (IHI 0069 ICH_HCR_EL2.En: an ICV_IAR
 * read then returns 1023, which it does with no valid LR anyway; the other ICV registers work
 * alike). Off, it spares the ICH_HCR_EL2 write on each side of a nested round trip that L1
 * runs with nothing pending (L2's value is usually 0 too), as KVM leaves it when no LR is used.
 */
static inline uint64_t vgic_l1_hcr(const struct nvarm_vgic_cpu *cpu)
{
	return cpu->l1_used ? cpu->l1_hcr : 0;
}

static void vgic_l1_load(struct nvarm_vgic_cpu *cpu)
{
	uint64_t hcr = vgic_l1_hcr(cpu);
	void (*wr)(void *, uint32_t, uint64_t) = cpu->ops->hw_write;
	void *ctx = cpu->ops->ctx;
	uint16_t m = cpu->l1_used | cpu->hw_used;

	while (m) {
		unsigned n = (unsigned)__builtin_ctz(m);

		m &= (uint16_t)(m - 1);
		wr(ctx, VGIC_ENC_LR(n), cpu->l1_lr[n]);
	}
	/* ICH_HCR_EL2 only when it changes (an emulator re-evaluates the interface on each
	 * write): parked it is 0; while L1 runs, its EOIcount counts in the hardware, so the
	 * hardware is read. */
	if (cpu->where == VGIC_HW_PARKED ? hcr != 0 : hw_rd(cpu, NVARM_ENC_ICH_HCR) != hcr)
		wr(ctx, NVARM_ENC_ICH_HCR, hcr);
	cpu->hw_used = cpu->l1_used;
	cpu->l1_dirty = false;
	cpu->where = VGIC_HW_L1_CLEAN;
}

/*
 * L1's ICV state back after L2's: the hardware holds what nested exit read (l2_icv), so only the
 * registers whose value differs are written. An emulator re-evaluates the virtual CPU interface on
 * every ICH_* write, and L1 and L2 often run with the same VMCR and no active priorities.
 */
__attribute__((__noinline__)) static void vgic_l1_unpark(struct nvarm_vgic_cpu *cpu)
{
	void (*wr)(void *, uint32_t, uint64_t) = cpu->ops->hw_write;
	void *ctx = cpu->ops->ctx;

	const struct nvarm_vgic_icv *l1 = &cpu->l1_icv, *l2 = &cpu->l2_icv;
	unsigned napr = cpu->nr_apr;

	if (l1->vmcr != l2->vmcr)
		wr(ctx, NVARM_ENC_ICH_VMCR, l1->vmcr);
	for (unsigned n = 0; n < napr; n++) {
		if (l1->ap0r[n] != l2->ap0r[n])
			wr(ctx, NVARM_ENC_ICH_AP0R(n), l1->ap0r[n]);
		if (l1->ap1r[n] != l2->ap1r[n])
			wr(ctx, NVARM_ENC_ICH_AP1R(n), l1->ap1r[n]);
	}
}

/* Do L1's saved ICV state and L2's (what the hardware holds while parked) differ? (One
 * compare chain for the usual single pair of APRs; vgic_l1_unpark writes what differs.) */
static inline bool vgic_icv_differ(const struct nvarm_vgic_cpu *cpu)
{
	const struct nvarm_vgic_icv *l1 = &cpu->l1_icv, *l2 = &cpu->l2_icv;
	uint64_t d =
	    (l1->vmcr ^ l2->vmcr) | (l1->ap0r[0] ^ l2->ap0r[0]) | (l1->ap1r[0] ^ l2->ap1r[0]);

	for (unsigned n = 1; n < cpu->nr_apr; n++)
		d |= (l1->ap0r[n] ^ l2->ap0r[n]) | (l1->ap1r[n] ^ l2->ap1r[n]);
	return d != 0;
}

static int find_lr(const struct nvarm_vgic_cpu *cpu, uint32_t intid)
{
	uint16_t used = cpu->l1_used;

	while (used) {
		unsigned n = (unsigned)__builtin_ctz(used);

		used &= (uint16_t)(used - 1);
		if ((cpu->l1_lr[n] & VGIC_VINTID_MASK) == intid)
			return (int)n;
	}
	return -1;
}

static int find_queued(const struct nvarm_vgic_cpu *cpu, uint32_t intid)
{
	for (unsigned i = 0; i < cpu->queue_count; i++)
		if (cpu->queue[i].intid == intid)
			return (int)i;
	return -1;
}

static int free_lr(const struct nvarm_vgic_cpu *cpu)
{
	unsigned freebits = ~(unsigned)cpu->l1_used & ((1u << cpu->hw_nr_lr) - 1);

	return freebits ? __builtin_ctz(freebits) : -1;
}

static uint8_t prio_mask(const struct nvarm_vgic_cpu *cpu)
{
	return (uint8_t)(0xffu << (8 - cpu->pri_bits));
}

static uint64_t make_lr(const struct nvarm_vgic_cpu *cpu, const struct nvarm_vgic_irq *irq)
{
	uint64_t lr = irq->intid |
		      ((uint64_t)(irq->priority & prio_mask(cpu)) << NVARM_ICH_LR_PRIO_SHIFT) |
		      NVARM_ICH_LR_PENDING;

	if (irq->flags & NVARM_VGIC_IRQ_GROUP1)
		lr |= NVARM_ICH_LR_GROUP;
	if (irq->flags & NVARM_VGIC_IRQ_HW)
		lr |= NVARM_ICH_LR_HW | ((uint64_t)irq->hw_intid << NVARM_ICH_LR_PINTID_SHIFT);
	return lr;
}

/* The queue entry an LR came from (for eviction). */
static void lr_to_irq(uint64_t lr, struct nvarm_vgic_irq *irq)
{
	irq->intid = (uint32_t)(lr & VGIC_VINTID_MASK);
	irq->priority = (uint8_t)NVARM_FIELD_GET(lr, 55, 48);
	irq->flags = (uint8_t)(((lr & NVARM_ICH_LR_GROUP) ? NVARM_VGIC_IRQ_GROUP1 : 0) |
			       ((lr & NVARM_ICH_LR_HW) ? NVARM_VGIC_IRQ_HW : 0));
	irq->hw_intid = (lr & NVARM_ICH_LR_HW) ? (uint32_t)NVARM_FIELD_GET(lr, 44, 32) : 0;
}

static void place(struct nvarm_vgic_cpu *cpu, unsigned n, const struct nvarm_vgic_irq *irq)
{
	cpu->l1_lr[n] = make_lr(cpu, irq);
	cpu->l1_used |= (uint16_t)(1u << n);
	cpu->l1_dirty = true;
}

static bool valid_l1_intid(const struct nvarm_vgic_cpu *cpu, uint32_t intid)
{
	/* 1020-1023 are special INTIDs; above the implemented ID bits is unrepresentable. */
	if (intid >= NVARM_GIC_INTID_SPI_END && intid < NVARM_GIC_INTID_SPI_END + 4)
		return false;
	return (intid & ~(uint32_t)(cpu->lr_mask_hw0 & VGIC_VINTID_MASK)) == 0;
}

/* Sync if L1 ran; STATE while L2 is entered. */
static inline int l1_prepare(struct nvarm_vgic_cpu *cpu)
{
	if (cpu->where == VGIC_HW_L2)
		return NVARM_ERR_STATE;
	if (cpu->where == VGIC_HW_L1_LIVE)
		nvarm__vgic_l1_sync_hw(cpu);
	return NVARM_OK;
}

static int inject(struct nvarm_vgic_cpu *cpu, const struct nvarm_vgic_irq *irq)
{
	int n = find_lr(cpu, irq->intid), f;

	if (n >= 0) {
		uint64_t lr = cpu->l1_lr[n];

		if (lr & NVARM_ICH_LR_PENDING)
			return NVARM_OK;
		if (!(lr & NVARM_ICH_LR_HW)) {
			cpu->l1_lr[n] = lr | NVARM_ICH_LR_PENDING; /* active -> pending+active */
			cpu->l1_dirty = true;
			return NVARM_OK;
		}
	}
	if (find_queued(cpu, irq->intid) >= 0)
		return NVARM_OK;
	f = free_lr(cpu);
	if (n < 0 && f >= 0) {
		place(cpu, (unsigned)f, irq);
		return NVARM_OK;
	}
	if (cpu->queue_count >= cpu->queue_len)
		return NVARM_ERR_NOMEM;
	cpu->queue[cpu->queue_count++] = *irq;
	return NVARM_OK;
}

int nvarm_vgic_l1_inject(struct nvarm_vgic_cpu *cpu, const struct nvarm_vgic_irq *irq)
{
	int rc;

	if (!cpu || !irq || !valid_l1_intid(cpu, irq->intid))
		return NVARM_ERR_INVAL;
	/* The maintenance interrupt is level-sensitive and owned by nvarm
	 * (nvarm__vgic_l1_set_maint): an injection from outside could queue a second instance next
	 * to an owed one. */
	if (cpu->maint_intid && irq->intid == cpu->maint_intid)
		return NVARM_ERR_INVAL;
	if ((irq->flags & NVARM_VGIC_IRQ_HW) && !nvarm__vgic_intid_is_phys(irq->hw_intid))
		return NVARM_ERR_INVAL;
	rc = l1_prepare(cpu);
	if (rc)
		return rc;
	return inject(cpu, irq);
}

static int retract(struct nvarm_vgic_cpu *cpu, uint32_t intid)
{
	int q = find_queued(cpu, intid), n;

	if (q >= 0) {
		cpu->queue[q] = cpu->queue[--cpu->queue_count];
		return NVARM_OK;
	}
	n = find_lr(cpu, intid);
	if (n < 0 || !(cpu->l1_lr[n] & NVARM_ICH_LR_PENDING))
		return NVARM_ERR_NOENT;
	cpu->l1_lr[n] &= ~NVARM_ICH_LR_PENDING;
	cpu->l1_dirty = true;
	if (!(cpu->l1_lr[n] & NVARM_ICH_LR_STATE_MASK))
		lr_free(cpu, (unsigned)n);
	return NVARM_OK;
}

int nvarm_vgic_l1_retract(struct nvarm_vgic_cpu *cpu, uint32_t intid)
{
	int rc = l1_prepare(cpu);

	if (rc)
		return rc;
	if (cpu->maint_intid && intid == cpu->maint_intid && cpu->maint_owed) {
		cpu->maint_owed = false;
		return NVARM_OK;
	}
	return retract(cpu, intid);
}

int nvarm__vgic_l1_deactivate_image(struct nvarm_vgic_cpu *cpu, uint32_t intid)
{
	int n = find_lr(cpu, intid);

	if (n < 0 || !(cpu->l1_lr[n] & NVARM_ICH_LR_ACTIVE))
		return NVARM_ERR_NOENT;
	cpu->l1_lr[n] &= ~NVARM_ICH_LR_ACTIVE;
	cpu->l1_dirty = true;
	if (!(cpu->l1_lr[n] & NVARM_ICH_LR_STATE_MASK))
		lr_free(cpu, (unsigned)n);
	return NVARM_OK;
}

int nvarm_vgic_l1_deactivate(struct nvarm_vgic_cpu *cpu, uint32_t intid)
{
	int rc = l1_prepare(cpu);

	return rc ? rc : nvarm__vgic_l1_deactivate_image(cpu, intid);
}

int nvarm_vgic_l1_sync(struct nvarm_vgic_cpu *cpu)
{
	return l1_prepare(cpu);
}

unsigned nvarm_vgic_l1_queued(const struct nvarm_vgic_cpu *cpu)
{
	return cpu->queue_count;
}

int nvarm_vgic_l1_pending(struct nvarm_vgic_cpu *cpu)
{
	int rc = l1_prepare(cpu);

	if (rc)
		return rc;
	if (cpu->queue_count || cpu->maint_owed)
		return 1;
	for (uint16_t used = cpu->l1_used; used; used &= (uint16_t)(used - 1))
		if (cpu->l1_lr[__builtin_ctz(used)] & NVARM_ICH_LR_PENDING)
			return 1;
	return 0;
}

int nvarm_vgic_l1_idle(const struct nvarm_vgic_cpu *cpu)
{
	if (!cpu)
		return NVARM_ERR_INVAL;
	return cpu->where == VGIC_HW_L1_LIVE && !cpu->l1_used && !cpu->hw_used &&
	       !cpu->queue_count && !cpu->maint_owed && !cpu->l1_dirty;
}

int nvarm__vgic_l1_set_maint(struct nvarm_vgic_cpu *cpu, bool level)
{
	int n = find_lr(cpu, cpu->maint_intid), f;

	/*
	 * Level-sensitive, never queued: while asserted and not in an LR it is "owed" and
	 * refill() places it like a queued interrupt of maint_priority. An acknowledged
	 * instance with the line still high becomes pending and active.
	 */
	cpu->maint_level = level;
	cpu->maint_owed = false;
	if (!level) {
		if (n >= 0 && (cpu->l1_lr[n] & NVARM_ICH_LR_PENDING))
			(void)retract(cpu, cpu->maint_intid);
		return NVARM_OK;
	}
	if (n >= 0) {
		if (!(cpu->l1_lr[n] & NVARM_ICH_LR_PENDING)) {
			cpu->l1_lr[n] |= NVARM_ICH_LR_PENDING;
			cpu->l1_dirty = true;
		}
		return NVARM_OK;
	}
	f = free_lr(cpu);
	if (f >= 0) {
		struct nvarm_vgic_irq irq = {cpu->maint_intid, 0, cpu->maint_priority,
					     NVARM_VGIC_IRQ_GROUP1};
		place(cpu, (unsigned)f, &irq);
	} else {
		cpu->maint_owed = true;
	}
	return NVARM_OK;
}

/* Best placeable queued interrupt (lowest priority value, INTID not in an LR), or -1. */
static int best_queued(const struct nvarm_vgic_cpu *cpu)
{
	int best = -1;

	for (unsigned i = 0; i < cpu->queue_count; i++) {
		if (best >= 0 && cpu->queue[i].priority >= cpu->queue[best].priority)
			continue;
		if (find_lr(cpu, cpu->queue[i].intid) < 0)
			best = (int)i;
	}
	return best;
}

/* Pending-only LR with the lowest priority (highest value) above @prio, or -1. */
static int eviction_victim(const struct nvarm_vgic_cpu *cpu, uint8_t prio)
{
	uint16_t used = cpu->l1_used;
	int victim = -1;
	unsigned worst = prio;

	while (used) {
		unsigned n = (unsigned)__builtin_ctz(used);
		uint64_t lr = cpu->l1_lr[n];

		used &= (uint16_t)(used - 1);
		if ((lr & NVARM_ICH_LR_STATE_MASK) != NVARM_ICH_LR_PENDING)
			continue;
		if (cpu->maint_intid && (lr & VGIC_VINTID_MASK) == cpu->maint_intid)
			continue; /* the maintenance interrupt is never queued */
		if (NVARM_FIELD_GET(lr, 55, 48) > worst) {
			worst = (unsigned)NVARM_FIELD_GET(lr, 55, 48);
			victim = (int)n;
		}
	}
	return victim;
}

static void refill(struct nvarm_vgic_cpu *cpu)
{
	/* Each round shrinks the backlog or strictly lowers an LR's priority value. */
	unsigned bound = (unsigned)cpu->queue_count + 2u * cpu->hw_nr_lr + 2;

	while (bound--) {
		int b = best_queued(cpu), n;
		bool use_maint = cpu->maint_owed && find_lr(cpu, cpu->maint_intid) < 0 &&
				 (b < 0 || cpu->maint_priority < cpu->queue[b].priority);
		struct nvarm_vgic_irq irq;

		if (use_maint) {
			irq.intid = cpu->maint_intid;
			irq.hw_intid = 0;
			irq.priority = cpu->maint_priority;
			irq.flags = NVARM_VGIC_IRQ_GROUP1;
		} else if (b >= 0) {
			irq = cpu->queue[b];
		} else {
			return;
		}
		n = free_lr(cpu);
		if (n < 0) {
			n = eviction_victim(cpu, (uint8_t)(irq.priority & prio_mask(cpu)));
			if (n < 0 || (use_maint && cpu->queue_count >= cpu->queue_len))
				return; /* wait for EOI maintenance */
			if (use_maint)
				b = (int)cpu->queue_count++; /* the victim takes a new slot */
			lr_to_irq(cpu->l1_lr[n], &cpu->queue[b]);
		} else if (!use_maint) {
			cpu->queue[b] = cpu->queue[--cpu->queue_count];
		}
		if (use_maint)
			cpu->maint_owed = false;
		place(cpu, (unsigned)n, &irq);
	}
}

/* While interrupts wait, ask for EOI maintenance on HW = 0 LRs (see design note). */
static void request_eoi(struct nvarm_vgic_cpu *cpu, bool want)
{
	uint16_t used = cpu->l1_used;

	while (used) {
		unsigned n = (unsigned)__builtin_ctz(used);
		uint64_t lr = cpu->l1_lr[n], nl;

		used &= (uint16_t)(used - 1);
		if (lr & NVARM_ICH_LR_HW)
			continue;
		nl = want ? lr | NVARM_ICH_LR_EOI : lr & ~NVARM_ICH_LR_EOI;
		if (nl != lr) {
			cpu->l1_lr[n] = nl;
			cpu->l1_dirty = true;
		}
	}
}

__attribute__((__noinline__)) int nvarm__vgic_l1_flush_general(struct nvarm_vgic_cpu *cpu,
							       const struct nvarm_vgic_vstate *v)
{
	int rc = l1_prepare(cpu);

	if (rc)
		return rc;
	if (v && cpu->maint_intid)
		rc = nvarm__vgic_l1_set_maint(cpu, nvarm_vgic_maint_pending(cpu, v));
	/* (nothing waiting: no refill; no LR in use: no EOI request to change) */
	if (cpu->queue_count || cpu->maint_owed)
		refill(cpu);
	if (cpu->l1_used)
		request_eoi(cpu, cpu->queue_count != 0 || cpu->maint_owed);
	if (cpu->where == VGIC_HW_PARKED && vgic_icv_differ(cpu))
		vgic_l1_unpark(cpu);
	if (cpu->l1_dirty || cpu->where == VGIC_HW_PARKED)
		vgic_l1_load(cpu);
	cpu->where = VGIC_HW_L1_LIVE;
	return rc;
}

int nvarm_vgic_l1_flush(struct nvarm_vgic_cpu *cpu, const struct nvarm_vgic_vstate *v)
{
	/*
	 * The usual flush after a nested exit with nothing in any list register: no LR of L0's
	 * for L1 in use, none of L2's left in the hardware (hw_used), nothing queued or owed and
	 * no maintenance interrupt to evaluate. Then only L1's ICV state goes back (ICH_HCR_EL2
	 * stays 0: vgic_l1_hcr with no LR in use), as the general path would do (tests/vgic:
	 * both over random states).
	 */
	if (cpu->where == VGIC_HW_PARKED && !(v && cpu->maint_intid) &&
	    !(cpu->l1_used | cpu->hw_used | cpu->queue_count) && !cpu->maint_owed) {
		if (vgic_icv_differ(cpu))
			vgic_l1_unpark(cpu);
		cpu->l1_dirty = false;
		cpu->where = VGIC_HW_L1_LIVE;
		return NVARM_OK;
	}
	return nvarm__vgic_l1_flush_general(cpu, v);
}

int nvarm_vgic_l1_irq_state(struct nvarm_vgic_cpu *cpu, uint32_t intid)
{
	int rc, n, st = 0;

	if (!cpu)
		return NVARM_ERR_INVAL;
	rc = l1_prepare(cpu);
	if (rc)
		return rc;
	n = find_lr(cpu, intid);
	if (n >= 0) {
		if (cpu->l1_lr[n] & NVARM_ICH_LR_PENDING)
			st |= (int)NVARM_VGIC_ST_PENDING;
		if (cpu->l1_lr[n] & NVARM_ICH_LR_ACTIVE)
			st |= (int)NVARM_VGIC_ST_ACTIVE;
	}
	if (find_queued(cpu, intid) >= 0 ||
	    (cpu->maint_intid && intid == cpu->maint_intid && cpu->maint_owed))
		st |= (int)NVARM_VGIC_ST_PENDING;
	return st;
}

/*
 * The running priority from the active-priority registers: bit n of the concatenated
 * ICH_AP0R/AP1R set means group priority n << (8 - PREbits) is active (IHI 0069 ICH_AP1R<n>_EL2);
 * the lowest set bit is the running priority. 0x100: idle.
 */
static unsigned running_priority(const struct nvarm_vgic_cpu *cpu, const uint64_t *ap0,
				 const uint64_t *ap1)
{
	for (unsigned n = 0; n < cpu->nr_apr; n++) {
		uint32_t m = (uint32_t)(ap0[n] | ap1[n]);

		if (m)
			return ((n * 32u + (unsigned)__builtin_ctz(m)) << (8 - cpu->pre_bits)) &
			       0xffu;
	}
	return 0x100;
}

int nvarm_vgic_l1_would_signal(const struct nvarm_vgic_cpu *cpu, uint8_t priority, bool group1)
{
	uint64_t vmcr, ap0[NVARM_VGIC_MAX_APR], ap1[NVARM_VGIC_MAX_APR];
	unsigned prio, bpr, gmask;

	if (!cpu)
		return NVARM_ERR_INVAL;
	if (cpu->where == VGIC_HW_L2 || cpu->where == VGIC_HW_PARKED) {
		vmcr = cpu->l1_icv.vmcr;
		for (unsigned n = 0; n < cpu->nr_apr; n++) {
			ap0[n] = cpu->l1_icv.ap0r[n];
			ap1[n] = cpu->l1_icv.ap1r[n];
		}
	} else {
		vmcr = hw_rd(cpu, NVARM_ENC_ICH_VMCR);
		for (unsigned n = 0; n < cpu->nr_apr; n++) {
			ap0[n] = hw_rd(cpu, NVARM_ENC_ICH_AP0R(n));
			ap1[n] = hw_rd(cpu, NVARM_ENC_ICH_AP1R(n));
		}
	}
	if (!(vmcr & (group1 ? NVARM_ICH_VMCR_VENG1 : NVARM_ICH_VMCR_VENG0)))
		return 0;
	prio = priority & prio_mask(cpu);
	if (prio >= NVARM_FIELD_GET(vmcr, 31, 24)) /* VPMR: strictly higher priority only */
		return 0;
	/* Preemption compares group priorities: Group 0 (and Group 1 with VCBPR) uses
	 * VBPR0, the priority bits above it; Group 1 uses VBPR1, the bits from it up. */
	if (group1 && !(vmcr & NVARM_ICH_VMCR_VCBPR))
		bpr = (unsigned)NVARM_FIELD_GET(vmcr, 20, 18), gmask = (0xffu << bpr) & 0xffu;
	else
		bpr = (unsigned)NVARM_FIELD_GET(vmcr, 23, 21), gmask = (0xffu << (bpr + 1)) & 0xffu;
	return (prio & gmask) < running_priority(cpu, ap0, ap1) ? 1 : 0;
}
