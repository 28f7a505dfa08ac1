// SPDX-License-Identifier: GPL-2.0
/* C twin of Programs/Ports/XdpFilter.cs, after xdp-tools' xdp-filter: xdp-filter/xdpfilt_prog.h @
 * cdd93184d18ceaf2200ec4bf63a30b7e11938177 as xdp-filter/xdpfilt_alw_all.c @
 * 97e263c4dfa624244954fbfa7efbb23f87655167 builds it (allow mode, every feature), with
 * xdp-filter/common_kern_user.h @ 97e263c4dfa624244954fbfa7efbb23f87655167,
 * headers/xdp/parsing_helpers.h @ 60496713fadd7ec7f476de7d4caead9618c735fa and
 * headers/xdp/xdp_stats_kern.h @ 90309823f509bb335780e54ee7fa59a361809b84.
 *
 * A packet filter: user space lists Ethernet addresses, IPv4 and IPv6 addresses and TCP and UDP
 * ports, each with flags saying whether it matches as source or destination (and for ports, over
 * TCP or UDP); a packet that matches any is dropped, the rest pass, and every verdict is counted.
 * Each entry is a per-CPU 64-bit word: the flags in its low bits, the entry's hit count above
 * COUNTER_SHIFT. Every map is pinned by name, so xdp-filter's commands reach the rules of the
 * loaded program through bpffs.
 *
 * Differences: xdp-filter builds ten programs from one header with #defines; the twin is the one
 * with every feature in allow mode (xdpfilt_alw_all), its feature #ifdefs resolved. The maps are
 * named as the C# fields (upstream filter_ports, filter_ipv4, filter_ipv6, filter_ethernet,
 * xdp_stats_map). Left out: libxdp's XDP_RUN_CONFIG (a .xdp_run_config section for libxdp's
 * dispatcher) and the _features word in SEC("features") that xdp-filter's user space reads from the
 * object; neither is seen by the kernel. */
#include <linux/bpf.h>
#include <linux/in.h>
#include <bpf/bpf_helpers.h>

#include "parsing_helpers.h"

#define XDP_STATS_MAP_PINNED
#include "xdp_stats.h"

/* Allow mode: a listed packet is dropped. */
#define VERDICT_HIT XDP_DROP
#define VERDICT_MISS XDP_PASS

#define MAP_FLAG_SRC (1 << 0)
#define MAP_FLAG_DST (1 << 1)
#define MAP_FLAG_TCP (1 << 2)
#define MAP_FLAG_UDP (1 << 3)

/* Hit counts live above the flags. */
#define COUNTER_SHIFT 6

#define CHECK_RET(ret)                        \
	do {                                  \
		if ((ret) < 0) {              \
			action = XDP_ABORTED; \
			goto out;             \
		}                             \
	} while (0)

#define CHECK_VERDICT(type, param)                                           \
	do {                                                                 \
		if ((action = lookup_verdict_##type(param)) != VERDICT_MISS) \
			goto out;                                            \
	} while (0)

/* An entry whose flags include all of mask counts a hit and decides the packet. */
#define CHECK_MAP(map, key, mask)                               \
	do {                                                    \
		__u64 *value;                                   \
		value = bpf_map_lookup_elem(map, key);          \
		if ((value) && (*(value) & (mask)) == (mask)) { \
			*value += (1 << COUNTER_SHIFT);         \
			return VERDICT_HIT;                     \
		}                                               \
	} while (0)

/* Ports in network byte order, as they are in the headers. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 65536);
	__type(key, __u32);
	__type(value, __u64);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} FilterPorts SEC(".maps");

static int __always_inline lookup_verdict_tcp(struct tcphdr *tcphdr)
{
	__u32 key;

	key = tcphdr->dest;
	CHECK_MAP(&FilterPorts, &key, MAP_FLAG_DST | MAP_FLAG_TCP);
	key = tcphdr->source;
	CHECK_MAP(&FilterPorts, &key, MAP_FLAG_SRC | MAP_FLAG_TCP);
	return VERDICT_MISS;
}

static int __always_inline lookup_verdict_udp(struct udphdr *udphdr)
{
	__u32 key;

	key = udphdr->dest;
	CHECK_MAP(&FilterPorts, &key, MAP_FLAG_DST | MAP_FLAG_UDP);
	key = udphdr->source;
	CHECK_MAP(&FilterPorts, &key, MAP_FLAG_SRC | MAP_FLAG_UDP);
	return VERDICT_MISS;
}

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, 10000);
	__type(key, __u32);
	__type(value, __u64);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} FilterIpv4 SEC(".maps");

static int __always_inline lookup_verdict_ipv4(struct iphdr *iphdr)
{
	__u32 addr;

	addr = iphdr->daddr;
	CHECK_MAP(&FilterIpv4, &addr, MAP_FLAG_DST);
	addr = iphdr->saddr;
	CHECK_MAP(&FilterIpv4, &addr, MAP_FLAG_SRC);
	return VERDICT_MISS;
}

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, 10000);
	__type(key, struct in6_addr);
	__type(value, __u64);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} FilterIpv6 SEC(".maps");

static int __always_inline lookup_verdict_ipv6(struct ipv6hdr *ipv6hdr)
{
	struct in6_addr addr;

	addr = ipv6hdr->daddr;
	CHECK_MAP(&FilterIpv6, &addr, MAP_FLAG_DST);
	addr = ipv6hdr->saddr;
	CHECK_MAP(&FilterIpv6, &addr, MAP_FLAG_SRC);
	return VERDICT_MISS;
}

struct ethaddr {
	__u8 addr[ETH_ALEN];
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, 10000);
	__type(key, struct ethaddr);
	__type(value, __u64);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} FilterEthernet SEC(".maps");

static int __always_inline lookup_verdict_ethernet(struct ethhdr *eth)
{
	struct ethaddr addr = {};

	__builtin_memcpy(&addr, eth->h_dest, sizeof(addr));
	CHECK_MAP(&FilterEthernet, &addr, MAP_FLAG_DST);
	__builtin_memcpy(&addr, eth->h_source, sizeof(addr));
	CHECK_MAP(&FilterEthernet, &addr, MAP_FLAG_SRC);
	return VERDICT_MISS;
}

SEC("xdp")
int xdpfilt_alw_all(struct xdp_md *ctx)
{
	void *data_end = (void *)(long)ctx->data_end;
	void *data = (void *)(long)ctx->data;
	__u32 action = VERDICT_MISS; /* what a packet nothing matches gets */
	struct hdr_cursor nh;
	struct ethhdr *eth;
	int eth_type;

	nh.pos = data;
	eth_type = parse_ethhdr(&nh, data_end, &eth);
	CHECK_RET(eth_type);
	CHECK_VERDICT(ethernet, eth);

	struct iphdr *iphdr;
	struct ipv6hdr *ipv6hdr;
	int ip_type;
	if (eth_type == bpf_htons(ETH_P_IP)) {
		ip_type = parse_iphdr(&nh, data_end, &iphdr);
		CHECK_RET(ip_type);

		CHECK_VERDICT(ipv4, iphdr);
	} else if (eth_type == bpf_htons(ETH_P_IPV6)) {
		ip_type = parse_ip6hdr_ext(&nh, data_end, &ipv6hdr);
		CHECK_RET(ip_type);

		CHECK_VERDICT(ipv6, ipv6hdr);
	} else {
		goto out;
	}

	struct udphdr *udphdr;
	if (ip_type == IPPROTO_UDP) {
		CHECK_RET(parse_udphdr(&nh, data_end, &udphdr));
		CHECK_VERDICT(udp, udphdr);
	}

	struct tcphdr *tcphdr;
	if (ip_type == IPPROTO_TCP) {
		CHECK_RET(parse_tcphdr(&nh, data_end, &tcphdr));
		CHECK_VERDICT(tcp, tcphdr);
	}
out:
	return xdp_stats_record_action(ctx, action);
}

char _license[] SEC("license") = "GPL";
