// SPDX-License-Identifier: GPL-2.0
/* C twin of tests/TestSupport/Tracing/SkbTracer.cs: counts the sk_buffs consume_skb frees on one device, at the
 * tp_btf tracepoint (direct reads of BTF-typed pointers) and at a kprobe (bpf_probe_read_kernel), every
 * kernel field read through a CO-RE relocation. The kernel structs are declared with only the fields
 * read, in the order and with the types SDK's SkBuff and NetDevice declare them. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define TRACEPOINT_SLOT 0
#define KPROBE_SLOT 1

struct net_device {
	int ifindex;
	unsigned int mtu;
} __attribute__((preserve_access_index));

struct sk_buff {
	struct net_device *dev;
	unsigned int len;
	unsigned int data_len;
	unsigned int hash;
	unsigned int mark;
	unsigned int priority;
	int skb_iif;
	unsigned short protocol;
	unsigned char *head;
	unsigned char *data;
	unsigned short mac_header;
	unsigned short network_header;
	unsigned int tail;
	unsigned int end;
	unsigned char active_extensions;
	unsigned char *extensions;
} __attribute__((preserve_access_index));

struct pt_regs;

struct skb_tally {
	__u64 packets;
	__u64 bytes;
	__u64 of_watched_length;
	__u64 hash_sum;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, struct skb_tally);
	__uint(max_entries, 4);
} Tallies SEC(".maps");

const volatile int WatchedIfindex = 0;
const volatile unsigned int WatchedMtu = 0;
const volatile unsigned int WatchedLength = 0;

/* What BPF_CORE_READ does for one field: copy it out of kernel memory at its relocated offset. */
#define PROBE_READ(dst, src) bpf_probe_read_kernel(&(dst), sizeof(dst), __builtin_preserve_access_index(&(src)))

static __always_inline void count(__u32 slot, struct net_device *dev, int ifindex, unsigned int mtu, unsigned int len, unsigned int hash)
{
	struct skb_tally *tally;

	if (!dev)
		return;
	if ((WatchedIfindex != 0 && ifindex != WatchedIfindex) || (WatchedMtu != 0 && mtu != WatchedMtu))
		return;
	tally = bpf_map_lookup_elem(&Tallies, &slot);
	if (!tally)
		return;
	__sync_fetch_and_add(&tally->packets, 1);
	__sync_fetch_and_add(&tally->bytes, len);
	if (len == WatchedLength)
		__sync_fetch_and_add(&tally->of_watched_length, 1);
	__sync_fetch_and_add(&tally->hash_sum, hash);
}

SEC("tp_btf/consume_skb")
int tp_consume_skb(__u64 *ctx)
{
	struct sk_buff *skb = (struct sk_buff *)ctx[0];
	struct net_device *dev = skb->dev;

	if (!dev)
		return 0;
	count(TRACEPOINT_SLOT, dev, dev->ifindex, dev->mtu, skb->len, skb->hash);
	return 0;
}

SEC("kprobe/consume_skb")
int kp_consume_skb(struct pt_regs *regs)
{
	struct sk_buff *skb = (struct sk_buff *)((__u64 *)regs)[14]; /* rdi */
	struct net_device *dev = 0;
	int ifindex = 0;
	unsigned int mtu = 0, len = 0, hash = 0;

	PROBE_READ(dev, skb->dev);
	if (!dev)
		return 0;
	PROBE_READ(ifindex, dev->ifindex);
	PROBE_READ(mtu, dev->mtu);
	PROBE_READ(len, skb->len);
	PROBE_READ(hash, skb->hash);
	count(KPROBE_SLOT, dev, ifindex, mtu, len, hash);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
