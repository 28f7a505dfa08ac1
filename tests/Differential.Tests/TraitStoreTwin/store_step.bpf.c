// SPDX-License-Identifier: GPL-2.0
/* The C side of tests/Differential.Tests/TraitStoreTwin: the two programs of StoreStepPrograms.cs,
 * one trait store step read from the packet, over the C twins' trait_store.h (compiled by clang
 * with -I pointing at the twins). The header layout is StoreStep.cs's. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "trait_store.h"

#define STEP_OPERATION 0
#define STEP_SIZE 2
#define STEP_KEY 8
#define STEP_FLAGS 16
#define STEP_VALUE 24
#define STEP_RESULT 40
#define STEP_VALUE_OUT 48
#define STEP_STORE 64

static __always_inline void run(__u8 *store, const __u8 *end, __u8 *fields)
{
	__u64 value[2];
	int result;

	value[0] = *(__u64 *)(fields + STEP_VALUE);
	value[1] = *(__u64 *)(fields + STEP_VALUE + 8);

	__u64 key = *(__u64 *)(fields + STEP_KEY);
	int size = fields[STEP_SIZE];

	switch (fields[STEP_OPERATION]) {
	case 0:
		result = trait_get(store, end, key, value, size);
		break;
	case 1:
		result = trait_set(store, end, key, value, size, *(__u64 *)(fields + STEP_FLAGS));
		break;
	default:
		result = trait_delete(store, end, key);
		break;
	}

	*(int *)(fields + STEP_RESULT) = result;
	*(__u64 *)(fields + STEP_VALUE_OUT) = value[0];
	*(__u64 *)(fields + STEP_VALUE_OUT + 8) = value[1];
}

SEC("xdp")
int ts_packet(struct xdp_md *ctx)
{
	__u8 *data = (__u8 *)(long)ctx->data;
	__u8 *end = (__u8 *)(long)ctx->data_end;

	if (data + STEP_STORE > end)
		return XDP_ABORTED;
	run(data + STEP_STORE, end, data);
	return XDP_PASS;
}

SEC("xdp")
int ts_meta(struct xdp_md *ctx)
{
	__u8 *data = (__u8 *)(long)ctx->data;

	if (data + STEP_STORE > (__u8 *)(long)ctx->data_end)
		return XDP_ABORTED;
	run((__u8 *)(long)ctx->data_meta, data, data);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
