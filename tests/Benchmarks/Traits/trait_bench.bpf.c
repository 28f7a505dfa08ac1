// SPDX-License-Identifier: GPL-2.0
/* The C side of the traits benchmark: the programs of TraitBenchmarkPrograms.cs, line for line,
 * for clang. Built twice: for the meta backend over trait_store.h (the C twins' mirror of the
 * C# store our compiler inlines), and with -DTRAIT_KFUNC over the kernel's trait kfuncs. The
 * named traits' keys are .rodata variables the benchmark sets before load, as for C#. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "trait_store.h"

#define VALUE 0x0123456789ABCDEFULL

#ifdef TRAIT_KFUNC
extern int bpf_xdp_trait_get(struct xdp_md *ctx, __u64 key, void *val, __u64 val__sz) __ksym;
extern int bpf_xdp_trait_set(struct xdp_md *ctx, __u64 key, const void *val, __u64 val__sz, __u64 flags) __ksym;
extern int bpf_xdp_trait_del(struct xdp_md *ctx, __u64 key) __ksym;
/* The cheapest kfunc call from XDP (Kernel/patches, in bpf_test_run), a reference only C can call;
 * weak, so the object still loads on a kernel built without it (the program then returns XDP_ABORTED). */
extern int bpf_kfunc_call_test_xdp_nop(struct xdp_md *ctx, __u64 arg) __ksym __weak;

#define get(ctx, key, value, size) bpf_xdp_trait_get(ctx, key, value, size)
#define set(ctx, key, value, size) bpf_xdp_trait_set(ctx, key, value, size, 0)
#define del(ctx, key) bpf_xdp_trait_del(ctx, key)
#define reserve(ctx)
#else
#define get(ctx, key, value, size) trait_meta_get(ctx, key, value, size)
#define set(ctx, key, value, size) trait_meta_set(ctx, key, value, size, 0)
#define del(ctx, key) trait_meta_delete(ctx, key)
/* The meta backend reserves the store in front of every XDP program that sets a trait. */
#define reserve(ctx) trait_meta_reserve_xdp(ctx)
#endif

struct wide_value {
	__u64 low;
	__u64 high;
};

const volatile __u64 __trait_bench_low = 64;
const volatile __u64 __trait_bench_mid = 64;
const volatile __u64 __trait_bench_hot = 64;
const volatile __u64 __trait_bench_wide = 64;
const volatile __u64 __trait_bench_new = 64;

/* 0 until a timed program populated the store in this test run, then 1 (2 when populating failed). */
int populated;

SEC("xdp")
int tb_get(struct xdp_md *ctx)
{
	__u64 value = 0;

	return get(ctx, __trait_bench_hot, &value, sizeof(value)) >= 0 && value != 0 ? XDP_PASS : XDP_DROP;
}

SEC("xdp")
int tb_set(struct xdp_md *ctx)
{
	reserve(ctx);

	__u64 value = VALUE;

	return set(ctx, __trait_bench_hot, &value, sizeof(value)) == 0 ? XDP_PASS : XDP_DROP;
}

SEC("xdp")
int tb_delete(struct xdp_md *ctx)
{
	return del(ctx, __trait_bench_new) == 0 ? XDP_PASS : XDP_DROP;
}

SEC("xdp")
int tb_set_new_del(struct xdp_md *ctx)
{
	reserve(ctx);

	__u64 value = VALUE;

	return set(ctx, __trait_bench_new, &value, sizeof(value)) == 0 && del(ctx, __trait_bench_new) == 0 ? XDP_PASS : XDP_DROP;
}

SEC("xdp")
int tt_empty(struct xdp_md *ctx)
{
	return XDP_PASS;
}

SEC("xdp")
int tt_meta_load(struct xdp_md *ctx)
{
	__u8 *meta = (__u8 *)(long)ctx->data_meta;

	if (meta + sizeof(__u64) > (__u8 *)(long)ctx->data)
		return XDP_DROP;
	return *(__u64 *)meta != VALUE ? XDP_PASS : XDP_DROP;
}

static __always_inline int populate(struct xdp_md *ctx)
{
	if (populated == 0) {
		__u64 low = VALUE, hot = VALUE;
		__u32 mid = (__u32)VALUE;
		struct wide_value wide = { .low = VALUE, .high = ~VALUE };
		int ok = set(ctx, __trait_bench_low, &low, sizeof(low)) == 0 && set(ctx, __trait_bench_mid, &mid, sizeof(mid)) == 0 &&
			 set(ctx, __trait_bench_hot, &hot, sizeof(hot)) == 0 && set(ctx, __trait_bench_wide, &wide, sizeof(wide)) == 0;

		populated = ok ? 1 : 2;
	}

	return populated == 1;
}

SEC("xdp")
int tt_ready(struct xdp_md *ctx)
{
	reserve(ctx);
	return populate(ctx) ? XDP_PASS : XDP_DROP;
}

SEC("xdp")
int tt_get(struct xdp_md *ctx)
{
	reserve(ctx);

	__u64 value = 0;

	return populate(ctx) && get(ctx, __trait_bench_hot, &value, sizeof(value)) >= 0 && value != 0 ? XDP_PASS : XDP_DROP;
}

SEC("xdp")
int tt_set_replace(struct xdp_md *ctx)
{
	reserve(ctx);

	__u64 value = VALUE;

	return populate(ctx) && set(ctx, __trait_bench_hot, &value, sizeof(value)) == 0 ? XDP_PASS : XDP_DROP;
}

SEC("xdp")
int tt_set_new_del(struct xdp_md *ctx)
{
	reserve(ctx);

	__u64 value = VALUE;

	return populate(ctx) && set(ctx, __trait_bench_new, &value, sizeof(value)) == 0 && del(ctx, __trait_bench_new) == 0 ? XDP_PASS : XDP_DROP;
}

#ifdef TRAIT_KFUNC
SEC("xdp")
int tt_nop_kfunc(struct xdp_md *ctx)
{
	if (!bpf_kfunc_call_test_xdp_nop)
		return XDP_ABORTED;
	return bpf_kfunc_call_test_xdp_nop(ctx, 0) == 0 ? XDP_PASS : XDP_DROP;
}
#endif

char LICENSE[] SEC("license") = "GPL";
