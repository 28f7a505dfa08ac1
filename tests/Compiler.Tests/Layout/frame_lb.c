// The C twin of FramePrograms.Balance (frame_lb): same structs, same inlined helpers, same
// struct locals. FrameTests builds it with
//   clang -O2 -mcpu=v3 -g -target bpf -I/usr/include/x86_64-linux-gnu -c frame_lb.c
// and compares its stack frame with ours.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct lb_flow { __u32 source, destination; __u16 source_port, destination_port; __u8 protocol; };
struct lb_packet { struct lb_flow flow; __u32 hash; __u16 length; __u8 ttl; };
struct lb_backend { __u32 address; __u16 port, weight; __u64 packets; };
struct lb_stats { __u64 packets, bytes; };

struct { __uint(type, BPF_MAP_TYPE_HASH); __uint(max_entries, 1024); __type(key, struct lb_flow); __type(value, __u32); } connections SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 64); __type(key, __u32); __type(value, struct lb_backend); } backends SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 4); __type(key, __u32); __type(value, struct lb_stats); } stats SEC(".maps");

static __always_inline int parse(struct xdp_md *ctx, struct lb_packet *pckt)
{
	__u8 *p = (void *)(long)ctx->data;
	if (p + 38 > (__u8 *)(long)ctx->data_end)
		return 0;
	struct lb_flow flow = {};
	flow.source = *(__u32 *)(p + 26);
	flow.destination = *(__u32 *)(p + 30);
	flow.source_port = *(__u16 *)(p + 34);
	flow.destination_port = *(__u16 *)(p + 36);
	flow.protocol = p[23];
	pckt->flow = flow;
	pckt->length = (__u16)(p[16] << 8 | p[17]);
	pckt->ttl = p[22];
	return 1;
}

static __always_inline __u32 hash_flow(struct lb_flow flow)
{
	struct lb_flow mixed = flow;
	mixed.source ^= mixed.destination * 0x9E3779B1u;
	mixed.source_port ^= mixed.destination_port;
	return mixed.source ^ mixed.source_port ^ mixed.protocol;
}

static __always_inline __u32 lookup_connection(struct lb_packet pckt)
{
	struct lb_flow key = pckt.flow;
	__u32 *known = bpf_map_lookup_elem(&connections, &key);
	return known ? *known : pckt.hash & 63;
}

static __always_inline struct lb_backend pick_backend(__u32 index, __u8 protocol)
{
	struct lb_backend chosen = {};
	__u32 slot = index & 63;
	struct lb_backend *backend = bpf_map_lookup_elem(&backends, &slot);
	if (backend) {
		chosen = *backend;
		chosen.port = protocol == 17 ? chosen.port : (__u16)(chosen.port ^ 1);
	}
	return chosen;
}

static __always_inline void count(__u16 length, __u8 protocol)
{
	__u32 key = protocol & 3u;
	struct lb_stats *s = bpf_map_lookup_elem(&stats, &key);
	if (s) {
		s->packets++;
		s->bytes += length;
	} else {
		struct lb_stats first = { .packets = 1, .bytes = length };
		bpf_map_update_elem(&stats, &key, &first, BPF_ANY);
	}
}

static __always_inline void remember(struct lb_flow flow, __u32 index)
{
	struct lb_flow key = flow;
	__u32 value = index;
	bpf_map_update_elem(&connections, &key, &value, BPF_ANY);
}

static __always_inline int rewrite(struct xdp_md *ctx, struct lb_backend backend)
{
	__u8 *p = (void *)(long)ctx->data;
	if (p + 38 > (__u8 *)(long)ctx->data_end)
		return 0;
	*(__u32 *)(p + 30) = backend.address;
	*(__u16 *)(p + 36) = backend.port;
	return 1;
}

SEC("xdp")
int frame_lb(struct xdp_md *ctx)
{
	struct lb_packet pckt = {};
	if (!parse(ctx, &pckt))
		return XDP_PASS;
	pckt.hash = hash_flow(pckt.flow);
	__u32 index = lookup_connection(pckt);
	struct lb_backend backend = pick_backend(index, pckt.flow.protocol);
	if (backend.address == 0)
		return XDP_DROP;
	count(pckt.length, pckt.flow.protocol);
	remember(pckt.flow, index);
	return rewrite(ctx, backend) ? XDP_TX : XDP_ABORTED;
}

char LICENSE[] SEC("license") = "GPL";
