// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * Host model of the platform (see nvarm/platform_host.h). Freestanding like the
 * library, so emulators can embed it too. Thread use: see the header (L1 memory is
 * accessed with atomics; the lock hooks make ops->lock a real lock).
 */
#include <nvarm/platform_host.h>

static struct nvarm_host_reg *find_reg(struct nvarm_host_model *m, uint32_t enc, bool create)
{
	for (unsigned i = 0; i < m->nregs; i++)
		if (m->regs[i].enc == enc)
			return &m->regs[i];
	if (!create || m->nregs >= NVARM_HOST_MAX_REGS || enc == 0)
		return NULL;
	m->regs[m->nregs].enc = enc;
	m->regs[m->nregs].val = 0;
	return &m->regs[m->nregs++];
}

int nvarm_host_model_set_reg(struct nvarm_host_model *m, uint32_t enc, uint64_t val)
{
	struct nvarm_host_reg *r = find_reg(m, enc, true);

	if (!r)
		return NVARM_ERR_NOMEM;
	r->val = val;
	return NVARM_OK;
}

uint64_t nvarm_host_model_get_reg(const struct nvarm_host_model *m, uint32_t enc)
{
	for (unsigned i = 0; i < m->nregs; i++)
		if (m->regs[i].enc == enc)
			return m->regs[i].val;
	return 0;
}

void *nvarm_host_model_l1_ptr(struct nvarm_host_model *m, nvarm_ipa1_t ipa, uint64_t len)
{
	uint64_t off = ipa.v - m->l1_base;

	if (!m->l1_mem || ipa.v < m->l1_base || off >= m->l1_size || len > m->l1_size - off)
		return NULL;
	return m->l1_mem + off;
}

static int host_read_l1(void *ctx, nvarm_ipa1_t ipa, void *buf, size_t len)
{
	void *p = nvarm_host_model_l1_ptr(ctx, ipa, len);

	if (!p)
		return NVARM_ERR_GUEST_MEM;
	if (len == 8 && !(ipa.v & 7)) {
		/* A descriptor: single-copy atomic, as a hardware walk reads it. */
		uint64_t v = __atomic_load_n((uint64_t *)p, __ATOMIC_RELAXED);
		__builtin_memcpy(buf, &v, 8); /* a constant 8 bytes: one store, no call */
		return NVARM_OK;
	}
	if (!((ipa.v | len) & 7) && !((uintptr_t)buf & 7)) {
		/* A range of descriptors (fault-around): each word single-copy atomic, as
		 * nvarm_s2mmu_config::fault_around asks of read_l1. */
		const uint64_t *src = p;
		uint64_t *dst = buf;
		size_t n = len / 8, i = 0;

		for (; i + 4 <= n; i += 4) { /* (unrolled: a 64-word window is the common read) */
			dst[i] = __atomic_load_n(&src[i], __ATOMIC_RELAXED);
			dst[i + 1] = __atomic_load_n(&src[i + 1], __ATOMIC_RELAXED);
			dst[i + 2] = __atomic_load_n(&src[i + 2], __ATOMIC_RELAXED);
			dst[i + 3] = __atomic_load_n(&src[i + 3], __ATOMIC_RELAXED);
		}
		for (; i < n; i++)
			dst[i] = __atomic_load_n(&src[i], __ATOMIC_RELAXED);
		return NVARM_OK;
	}
	nvarm_memcpy(buf, p, len);
	return NVARM_OK;
}

static int host_cmpxchg_l1(void *ctx, nvarm_ipa1_t ipa, uint64_t old, uint64_t new_val,
			   uint64_t *cur)
{
	uint64_t *p = nvarm_host_model_l1_ptr(ctx, ipa, 8);

	if (!p || (ipa.v & 7))
		return NVARM_ERR_GUEST_MEM;
	*cur = old;
	__atomic_compare_exchange_n(p, cur, new_val, false, __ATOMIC_SEQ_CST, __ATOMIC_RELAXED);
	return NVARM_OK;
}

static int host_s2_lookup(void *ctx, nvarm_ipa1_t ipa, struct nvarm_host_s2_map *out)
{
	struct nvarm_host_model *m = ctx;

	if (m->s2_lookup)
		return m->s2_lookup(m->s2_user, ipa, out);
	if (!nvarm_host_model_l1_ptr(m, ipa, 1))
		return NVARM_ERR_NOENT;
	out->pa = nvarm_pa(ipa.v + m->pa_offset);
	out->block_shift = 12;
	out->perm = NVARM_PERM_RWX;
	out->memattr = 0xf; /* Normal, Outer WB, Inner WB */
	out->sh = 3;	    /* Inner Shareable */
	out->flags = 0;
	return NVARM_OK;
}

static void *host_pa_to_va(void *ctx, nvarm_pa_t pa)
{
	(void)ctx;
	return (void *)(uintptr_t)pa.v;
}

static void host_tlbi(void *ctx, enum nvarm_tlbi_kind kind, uint16_t vmid, nvarm_ipa2_t ipa,
		      int level)
{
	struct nvarm_host_model *m = ctx;

	(void)level;
	m->tlbi_count++;
	m->last_tlbi = kind;
	m->last_tlbi_vmid = vmid;
	m->last_tlbi_ipa = ipa.v;
}

static uint64_t host_hw_read(void *ctx, uint32_t enc)
{
	struct nvarm_host_model *m = ctx;

	m->hw_reads++;
	return nvarm_host_model_get_reg(m, enc);
}

static void host_hw_write(void *ctx, uint32_t enc, uint64_t val)
{
	struct nvarm_host_model *m = ctx;

	m->hw_writes++;
	(void)nvarm_host_model_set_reg(m, enc, val);
}

static void host_log(void *ctx, enum nvarm_log_level level, const char *msg)
{
	struct nvarm_host_model *m = ctx;

	(void)level;
	m->log_count++;
	m->last_log = msg;
}

static void host_lock(void *ctx)
{
	struct nvarm_host_model *m = ctx;

	if (m->lock_fn)
		m->lock_fn(m->lock_user);
	m->lock_depth++;
}

static void host_unlock(void *ctx)
{
	struct nvarm_host_model *m = ctx;

	m->lock_depth--;
	if (m->unlock_fn)
		m->unlock_fn(m->lock_user);
}

void nvarm_host_model_init(struct nvarm_host_model *m, void *l1_mem, uint64_t l1_base,
			   uint64_t l1_size)
{
	nvarm_memset(m, 0, sizeof(*m));
	m->l1_mem = l1_mem;
	m->l1_base = l1_base;
	m->l1_size = l1_mem ? l1_size : 0;
}

void nvarm_host_model_ops(struct nvarm_host_model *m, struct nvarm_platform_ops *ops)
{
	nvarm_memset(ops, 0, sizeof(*ops));
	ops->ctx = m;
	ops->log = host_log;
	ops->lock = host_lock;
	ops->unlock = host_unlock;
	ops->read_l1 = host_read_l1;
	ops->cmpxchg_l1 = host_cmpxchg_l1;
	ops->host_s2_lookup = host_s2_lookup;
	ops->pa_to_va = host_pa_to_va;
	ops->tlbi = host_tlbi;
	ops->hw_read = host_hw_read;
	ops->hw_write = host_hw_write;
	/* l1_intid_to_hw stays NULL: tests that need it install their own. */
}
