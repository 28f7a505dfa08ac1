/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internet checksum arithmetic shared by the C twins; the same operations, in the same
 * order and widths, as Programs/Sdk/Checksum.cs, so twins and C# samples write the same bytes.
 */
#ifndef TRAITSBPF_SAMPLES_CHECKSUM_H
#define TRAITSBPF_SAMPLES_CHECKSUM_H

#include <linux/types.h>
#include <bpf/bpf_helpers.h>

/* Folds a 32-bit one's-complement sum to 16 bits, without complementing. */
static __always_inline __u16 csum_fold16(__u32 sum)
{
	sum = (sum & 0xFFFF) + (sum >> 16);
	sum = (sum & 0xFFFF) + (sum >> 16);
	return (__u16)sum;
}

/* The checksum after a 16-bit field changes from `from` to `to` (RFC 1624, eqn. 3). */
static __always_inline __u16 csum_replace16(__u16 check, __u16 from, __u16 to)
{
	__u32 sum = (__u32)(__u16)~check + (__u16)~from + to;

	return (__u16)~csum_fold16(sum);
}

/* The checksum of `length` bytes (even, at most 64) at `data`. */
static __always_inline __u16 csum_compute(const void *data, int length)
{
	__u32 sum = 0;

	for (int i = 0; i < 32 && 2 * i < length; i++)
		sum += *(const __u16 *)(data + 2 * i);
	return (__u16)~csum_fold16(sum);
}

#endif
