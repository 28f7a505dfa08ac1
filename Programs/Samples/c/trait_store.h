/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The packet trait store (docs/traits-abi.md) over raw memory, and the meta backend that keeps
 * it, behind its seal, in the XDP metadata area: a mirror of Programs/Sdk/Traits/TraitStore.cs,
 * MetaTraitSeal.cs and MetaTraitsBackend.cs, the C# code our compiler inlines for `ctx.Traits` under the meta
 * backend. Each function makes the same loads and stores in the same order, with the same
 * widths, and returns the same results, so a C twin of a trait sample leaves the same bytes as
 * the C# program and the benchmark compares like with like. Keep the two in step: a change to
 * TraitStore.cs belongs here too (tests/Differential.Tests runs both over the shared vectors and
 * over random stores, and requires identical results and bytes).
 *
 * As in the C# code, every access is preceded by a comparison of its pointer against `end`,
 * offsets are sums of bounded values, and the moves are loops with constant limits, which is
 * what the verifier needs; a header written by something else can give wrong answers but
 * never makes an access outside [store, end).
 */
#ifndef TRAITSBPF_SAMPLES_TRAIT_STORE_H
#define TRAITSBPF_SAMPLES_TRAIT_STORE_H

#include <linux/types.h>
#include <linux/bpf.h>
#include <linux/errno.h>
#include <bpf/bpf_helpers.h>

/* The ABI's numbers (TRAIT_HEADER_SIZE, TRAIT_MAX_SIZE, TRAIT_MAX_KEY, TRAIT_F_*, ...), generated from TraitsBpf.Abi. */
#include "traits_abi.h"

/* The size code of a value of s bytes in bits 3s..3s+2 (0, invalid, for sizes other than 0, 2, 4, 8, 16). */
#define TRAIT_CODE_OF_SIZE (1ULL | 2ULL << 6 | 3ULL << 12 | 4ULL << 24 | 5ULL << 48)
/* The value size of code c in bits 5c..5c+4; the invalid codes 6 and 7 read as 10 and 20. */
#define TRAIT_SIZE_OF_CODE (2ULL << 10 | 4ULL << 15 | 8ULL << 20 | 16ULL << 25 | 10ULL << 30 | 20ULL << 35)

#define TRAIT_LANES2 0x5555555555555555ULL
#define TRAIT_LANES4 0x3333333333333333ULL
#define TRAIT_LANES8 0x0F0F0F0F0F0F0F0FULL
/* Multiplying byte counts by this sums them into the top byte. */
#define TRAIT_BYTE_SUM 0x0101010101010101ULL

/* Key k's 3-bit size code: 0 absent, 1 flag, 2-5 for 2, 4, 8 and 16 bytes. */
static __always_inline int trait_code(__u64 plane0, __u64 plane1, __u64 plane2, int k)
{
	return (int)(((plane0 >> k) & 1) | (((plane1 >> k) & 1) << 1) | (((plane2 >> k) & 1) << 2));
}

/* The value size of a size code; the mask after the variable shift gives the verifier a bound. */
static __always_inline int trait_size_of(int code)
{
	return (int)((TRAIT_SIZE_OF_CODE >> (5 * code)) & 31);
}

/* The number of set bits of each byte of x, in that byte (a + 4b - 3b = a + b at the nibble step). */
static __always_inline __u64 trait_byte_counts(__u64 x)
{
	x -= (x >> 1) & TRAIT_LANES2;
	x -= ((x >> 2) & TRAIT_LANES4) * 3;
	return (x + (x >> 4)) & TRAIT_LANES8;
}

/* Bytes taken by the values of the keys in plane1 and plane2 (already masked): 2(|p1| + |p1&p0|) + 8(|p2| + |p2&p0|). */
static __always_inline int trait_values_length(__u64 plane0, __u64 plane1, __u64 plane2)
{
	__u64 twos = trait_byte_counts(plane1) + trait_byte_counts(plane1 & plane0);
	__u64 eights = trait_byte_counts(plane2) + trait_byte_counts(plane2 & plane0);

	return (int)(((twos * TRAIT_BYTE_SUM) >> 56) * 2 + ((eights * TRAIT_BYTE_SUM) >> 56) * 8);
}

/* n, or TRAIT_MAX_SIZE when it is larger. */
static __always_inline int trait_at_most_max_size(int n)
{
	return n > TRAIT_MAX_SIZE ? TRAIT_MAX_SIZE : n;
}

/*
 * Copies a value of size code `code` (1-5: 0, 2, 4, 8 or 16 bytes) with accesses of its own
 * width; `in_store` is whichever pointer is in the store, the one bounded by `end`. False,
 * copying nothing, when it would pass `end` or the code is not a value's.
 */
static __always_inline int trait_copy_value(__u8 *destination, const __u8 *source, int code, const __u8 *in_store, const __u8 *end)
{
	switch (code) {
	case 1:
		return 1;
	case 2:
		if (in_store + 2 > end)
			return 0;
		*(__u16 *)destination = *(const __u16 *)source;
		return 1;
	case 3:
		if (in_store + 4 > end)
			return 0;
		*(__u32 *)destination = *(const __u32 *)source;
		return 1;
	case 4:
		if (in_store + 8 > end)
			return 0;
		*(__u64 *)destination = *(const __u64 *)source;
		return 1;
	case 5:
		if (in_store + TRAIT_MAX_VALUE_SIZE > end)
			return 0;
		*(__u64 *)destination = *(const __u64 *)source;
		*(__u64 *)(destination + 8) = *(const __u64 *)(source + 8);
		return 1;
	default:
		return 0;
	}
}

/*
 * Moves `count` bytes (even, at most 232) to a higher address, highest first, eight at a time,
 * then the two- and four-byte rest at the bottom; each piece is loaded whole before it is stored.
 */
static __always_inline void trait_move_up(__u8 *source, __u8 *destination, int count, const __u8 *end)
{
	int rest = count & 6;
	int whole = count & 0xF8;

	for (int i = 8; i <= TRAIT_MAX_VALUES_SIZE; i += 8) {
		if (i > whole)
			break;

		int offset = (whole - i + rest) & 0xFF;
		__u8 *from = source + offset;
		__u8 *to = destination + offset;

		if (from + 8 > end || to + 8 > end)
			return;
		*(__u64 *)to = *(__u64 *)from;
	}

	if ((rest & 2) != 0) {
		__u8 *from = source + (rest & 4);
		__u8 *to = destination + (rest & 4);

		if (from + 2 > end || to + 2 > end)
			return;
		*(__u16 *)to = *(__u16 *)from;
	}

	if ((rest & 4) != 0) {
		if (source + 4 > end || destination + 4 > end)
			return;
		*(__u32 *)destination = *(__u32 *)source;
	}
}

/* Moves `count` bytes (even, at most 232) to a lower address, lowest first, eight at a time, then the four- and two-byte rest. */
static __always_inline void trait_move_down(__u8 *source, __u8 *destination, int count, const __u8 *end)
{
	int whole = count & 0xF8;
	/* Taken before the loop, as in the C# code, so the loop's exits need not agree on source and destination. */
	__u8 *from = source + whole;
	__u8 *to = destination + whole;

	for (int i = 0; i < TRAIT_MAX_VALUES_SIZE; i += 8) {
		if (i >= whole)
			break;
		if (source + i + 8 > end || destination + i + 8 > end)
			return;
		*(__u64 *)(destination + i) = *(__u64 *)(source + i);
	}

	if ((count & 4) != 0) {
		if (from + 4 > end || to + 4 > end)
			return;
		*(__u32 *)to = *(__u32 *)from;
		from += 4;
		to += 4;
	}

	if ((count & 2) != 0) {
		if (from + 2 > end || to + 2 > end)
			return;
		*(__u16 *)to = *(__u16 *)from;
	}
}

/*
 * bpf_*_trait_get: reads key's value into the value_size bytes at value. Returns the value's
 * size; -ENOENT absent (or less room than a header), -EINVAL for a key over 63, -ENOSPC when
 * the buffer is smaller than the value.
 */
static __always_inline int trait_get(__u8 *store, const __u8 *end, __u64 key, void *value, int value_size)
{
	if (key > TRAIT_MAX_KEY)
		return -EINVAL;
	if (store + TRAIT_HEADER_SIZE > end)
		return -ENOENT;

	__u64 plane0 = *(__u64 *)store;
	__u64 plane1 = *(__u64 *)(store + 8);
	__u64 plane2 = *(__u64 *)(store + 16);
	int k = (int)key;
	int code = trait_code(plane0, plane1, plane2, k);

	if (code == 0)
		return -ENOENT;

	int length = trait_size_of(code);

	if (length > value_size)
		return -ENOSPC;

	__u64 lower = (1ULL << k) - 1;
	int offset = TRAIT_HEADER_SIZE + trait_values_length(plane0, plane1 & lower, plane2 & lower);

	if (offset > TRAIT_MAX_SIZE)
		return -EINVAL;

	__u8 *source = store + offset;

	return trait_copy_value(value, source, code, source, end) ? length : -EINVAL;
}

/*
 * bpf_*_trait_set: sets key to the size bytes at value (0, 2, 4, 8 or 16), moving the values of
 * higher keys when the size changes. Returns 0; -EINVAL for a bad key, size or flags; -EEXIST or
 * -ENOENT when the flags are not met; -ENOSPC when the store would outgrow end or 256 bytes.
 */
static __always_inline int trait_set(__u8 *store, const __u8 *end, __u64 key, const void *value, int size, __u64 flags)
{
	int code = (unsigned int)size > TRAIT_MAX_VALUE_SIZE ? 0 : (int)((TRAIT_CODE_OF_SIZE >> (3 * size)) & 7);

	if (key > TRAIT_MAX_KEY || code == 0 || flags > TRAIT_F_EXIST || flags == (TRAIT_F_NOEXIST | TRAIT_F_EXIST))
		return -EINVAL;

	/* Less room than a header reads as an empty store, on which every set runs out of space. */
	__u64 plane0 = 0;
	__u64 plane1 = 0;
	__u64 plane2 = 0;

	if (store + TRAIT_HEADER_SIZE <= end) {
		plane0 = *(__u64 *)store;
		plane1 = *(__u64 *)(store + 8);
		plane2 = *(__u64 *)(store + 16);
	}

	int k = (int)key;
	int old_code = trait_code(plane0, plane1, plane2, k);

	if (old_code != 0) {
		if ((flags & TRAIT_F_NOEXIST) != 0)
			return -EEXIST;
	} else if ((flags & TRAIT_F_EXIST) != 0) {
		return -ENOENT;
	}

	/* Sums only: a difference of bounded values may be negative to the verifier. */
	int old_length = trait_size_of(old_code);
	__u64 bit = 1ULL << k;
	__u64 lower = bit - 1;
	__u64 higher = ~(lower | bit);
	int offset = TRAIT_HEADER_SIZE + trait_values_length(plane0, plane1 & lower, plane2 & lower);
	int tail = trait_values_length(plane0, plane1 & higher, plane2 & higher);
	int new_total = offset + size + tail;

	if (new_total > TRAIT_MAX_SIZE || store + new_total > end || store + TRAIT_HEADER_SIZE > end)
		return -ENOSPC;

	/*
	 * Each part is at most the total: bounding them again changes nothing here, but tells the
	 * verifier, which bounds an access to a map value (the stash backend's store) by the range
	 * of its offset alone, where no comparison with end teaches it anything.
	 */
	offset = trait_at_most_max_size(offset);
	tail = trait_at_most_max_size(tail);

	__u8 *at = store + offset;

	if (size > old_length)
		trait_move_up(store + (offset + old_length), store + (offset + size), tail, end);
	else if (size < old_length)
		trait_move_down(store + (offset + old_length), store + (offset + size), tail, end);

	if (!trait_copy_value(at, value, code, at, end))
		return -ENOSPC;

	/* The header is re-read rather than kept across the moves, which never touch it; the new bits
	 * are products with bit, as in the C# (where they fold better for a constant size). */
	__u64 c = (__u64)code;

	*(__u64 *)store = (*(__u64 *)store & ~bit) | ((c & 1) * bit);
	*(__u64 *)(store + 8) = (*(__u64 *)(store + 8) & ~bit) | (((c >> 1) & 1) * bit);
	*(__u64 *)(store + 16) = (*(__u64 *)(store + 16) & ~bit) | ((c >> 2) * bit);
	return 0;
}

/* bpf_*_trait_del: removes key, moving the values of higher keys down over its value. Returns 0; -ENOENT absent; -EINVAL for a key over 63. */
static __always_inline int trait_delete(__u8 *store, const __u8 *end, __u64 key)
{
	if (key > TRAIT_MAX_KEY)
		return -EINVAL;
	if (store + TRAIT_HEADER_SIZE > end)
		return -ENOENT;

	__u64 plane0 = *(__u64 *)store;
	__u64 plane1 = *(__u64 *)(store + 8);
	__u64 plane2 = *(__u64 *)(store + 16);
	int k = (int)key;
	int length = trait_size_of(trait_code(plane0, plane1, plane2, k));
	__u64 bit = 1ULL << k;

	if (((plane0 | plane1 | plane2) & bit) == 0)
		return -ENOENT;

	if (length != 0) {
		__u64 lower = bit - 1;
		__u64 higher = ~(lower | bit);
		/* Bounded for the verifier as in set: an offset beyond TRAIT_MAX_SIZE is beyond end for every caller, so the move stops at once either way. */
		int offset = trait_at_most_max_size(TRAIT_HEADER_SIZE + trait_values_length(plane0, plane1 & lower, plane2 & lower));

		trait_move_down(store + (offset + length), store + offset, trait_values_length(plane0, plane1 & higher, plane2 & higher), end);
	}

	*(__u64 *)store = *(__u64 *)store & ~bit;
	*(__u64 *)(store + 8) = *(__u64 *)(store + 8) & ~bit;
	*(__u64 *)(store + 16) = *(__u64 *)(store + 16) & ~bit;
	return 0;
}

/* What get and delete return where there is no store (TraitStore.Absent). */
static __always_inline int trait_absent(__u64 key)
{
	return key > TRAIT_MAX_KEY ? -EINVAL : -ENOENT;
}

/* What set returns where no store may be placed, with set's order of checks (TraitStore.Unplaced). */
static __always_inline int trait_unplaced(__u64 key, int size, __u64 flags)
{
	int code = (unsigned int)size > TRAIT_MAX_VALUE_SIZE ? 0 : (int)((TRAIT_CODE_OF_SIZE >> (3 * size)) & 7);

	if (!(key <= TRAIT_MAX_KEY && code != 0 && flags <= TRAIT_F_EXIST && flags != (TRAIT_F_NOEXIST | TRAIT_F_EXIST)))
		return -EINVAL;
	return (flags & TRAIT_F_EXIST) != 0 ? -ENOENT : -ENOSPC;
}

/* A bijection of 64-bit values: the high half folded into the low, then an odd multiplication (MetaTraitSeal.Mix). */
static __always_inline __u64 trait_meta_mix(__u64 x)
{
	return (x ^ (x >> 32)) * TRAIT_META_CHECK_MULTIPLIER;
}

/* The seal's check over its first u64, the packet's word and the store's planes (MetaTraitSeal.Check). */
static __always_inline __u64 trait_meta_check(__u64 first, __u64 packet_word, __u64 plane0, __u64 plane1, __u64 plane2)
{
	__u64 h = trait_meta_mix(TRAIT_META_CHECK_SEED ^ first);

	h = trait_meta_mix(h ^ packet_word);
	h = trait_meta_mix(h ^ plane0);
	h = trait_meta_mix(h ^ plane1);
	return trait_meta_mix(h ^ plane2);
}

/* The seal's first u64: the magic, the area's size and the packet's length, each size's low 16 bits. */
static __always_inline __u64 trait_meta_first(const __u8 *meta, const __u8 *data, const __u8 *end)
{
	return TRAIT_META_MAGIC | ((__u64)(data - meta) & 0xFFFF) << 32 | ((__u64)(end - data) & 0xFFFF) << 48;
}

/* The four packet bytes the check covers; 0 for a shorter packet. */
static __always_inline __u64 trait_meta_packet_word(const __u8 *data, const __u8 *end)
{
	const __u8 *word = data + TRAIT_META_PACKET_WORD;

	return word + 4 <= end ? *(const __u32 *)word : 0;
}

/* Whether [meta, data) holds a store sealed for this area and the packet [data, end) (MetaTraitSeal.IsValid). */
static __always_inline int trait_meta_is_valid(__u8 *meta, const __u8 *data, const __u8 *end)
{
	__u8 *store = meta + TRAIT_META_SEAL_SIZE;

	if (store + TRAIT_HEADER_SIZE > data)
		return 0;

	__u64 first = trait_meta_first(meta, data, end);

	if (*(__u64 *)meta != first)
		return 0;
	return *(__u64 *)(meta + 8) == trait_meta_check(first, trait_meta_packet_word(data, end), *(__u64 *)store, *(__u64 *)(store + 8), *(__u64 *)(store + 16));
}

/* Writes the seal for the store that follows it, as the area, the packet and the store's header are now (MetaTraitSeal.Write). */
static __always_inline void trait_meta_write_seal(__u8 *meta, const __u8 *data, const __u8 *end)
{
	__u8 *store = meta + TRAIT_META_SEAL_SIZE;

	if (store + TRAIT_HEADER_SIZE > data)
		return;

	__u64 first = trait_meta_first(meta, data, end);

	*(__u64 *)meta = first;
	*(__u64 *)(meta + 8) = trait_meta_check(first, trait_meta_packet_word(data, end), *(__u64 *)store, *(__u64 *)(store + 8), *(__u64 *)(store + 16));
}

/*
 * The meta backend's reservation at XDP entry (MetaTraitsBackend.ReserveXdp): TRAIT_META_ROOM
 * bytes of new metadata holding an empty sealed store, before the program holds any packet
 * pointer that growing the area would invalidate. Metadata already there is kept when it holds a
 * store sealed for this packet and re-initialised otherwise; a driver without metadata support
 * leaves no room, so sets fail with -ENOSPC.
 */
static __always_inline void trait_meta_reserve_xdp(struct xdp_md *ctx)
{
	if (ctx->data_meta == ctx->data && bpf_xdp_adjust_meta(ctx, -TRAIT_META_ROOM) != 0)
		return;

	__u8 *meta = (__u8 *)(long)ctx->data_meta;
	__u8 *data = (__u8 *)(long)ctx->data;
	__u8 *end = (__u8 *)(long)ctx->data_end;
	__u8 *store = meta + TRAIT_META_SEAL_SIZE;

	if (store + TRAIT_HEADER_SIZE > data || trait_meta_is_valid(meta, data, end))
		return;
	*(__u64 *)store = 0;
	*(__u64 *)(store + 8) = 0;
	*(__u64 *)(store + 16) = 0;
	trait_meta_write_seal(meta, data, end);
}

/* ctx.Traits.TryGet under the meta backend: an area without a valid seal holds no traits. */
static __always_inline int trait_meta_get_at(__u8 *meta, const __u8 *data, const __u8 *end, __u64 key, void *value, int size)
{
	if (!trait_meta_is_valid(meta, data, end))
		return trait_absent(key);
	return trait_get(meta + TRAIT_META_SEAL_SIZE, data, key, value, size);
}

/* ctx.Traits.Set under the meta backend: resealed after a change; an area without a valid seal has no room. */
static __always_inline int trait_meta_set_at(__u8 *meta, const __u8 *data, const __u8 *end, __u64 key, const void *value, int size, __u64 flags)
{
	if (!trait_meta_is_valid(meta, data, end))
		return trait_unplaced(key, size, flags);

	int result = trait_set(meta + TRAIT_META_SEAL_SIZE, data, key, value, size, flags);

	if (result == 0)
		trait_meta_write_seal(meta, data, end);
	return result;
}

/* ctx.Traits.Delete under the meta backend: resealed after a change; an area without a valid seal holds no traits. */
static __always_inline int trait_meta_delete_at(__u8 *meta, const __u8 *data, const __u8 *end, __u64 key)
{
	if (!trait_meta_is_valid(meta, data, end))
		return trait_absent(key);

	int result = trait_delete(meta + TRAIT_META_SEAL_SIZE, data, key);

	if (result == 0)
		trait_meta_write_seal(meta, data, end);
	return result;
}

/* The meta backend's ctx.Traits.TryGet/Set/Delete over [data_meta, data), on XDP and TC contexts. */
#define trait_meta_get(ctx, key, value, size) \
	trait_meta_get_at((__u8 *)(long)(ctx)->data_meta, (const __u8 *)(long)(ctx)->data, (const __u8 *)(long)(ctx)->data_end, (key), (value), (size))
#define trait_meta_set(ctx, key, value, size, flags) \
	trait_meta_set_at((__u8 *)(long)(ctx)->data_meta, (const __u8 *)(long)(ctx)->data, (const __u8 *)(long)(ctx)->data_end, (key), (value), (size), (flags))
#define trait_meta_delete(ctx, key) \
	trait_meta_delete_at((__u8 *)(long)(ctx)->data_meta, (const __u8 *)(long)(ctx)->data, (const __u8 *)(long)(ctx)->data_end, (key))

#endif
