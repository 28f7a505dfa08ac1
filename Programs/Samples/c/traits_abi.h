/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * The packet traits ABI numbers (docs/traits-abi.md), generated from TraitsBpf.Abi (Abi/)
 * by TraitsAbiCHeader.Generate(); do not edit: a test compares this file with it.
 */
#ifndef TRAITSBPF_TRAITS_ABI_H
#define TRAITSBPF_TRAITS_ABI_H

/* The highest trait key. */
#define TRAIT_MAX_KEY 63
/* What a named trait's key variable holds until the loader binds it; every operation refuses it. */
#define TRAIT_KEY_UNASSIGNED 64
/* The largest value, in bytes. */
#define TRAIT_MAX_VALUE_SIZE 16
/* Bytes of the header (three u64 planes) that starts every store. */
#define TRAIT_HEADER_SIZE 24
/* A store never grows beyond this many bytes, header included. */
#define TRAIT_MAX_SIZE 256
/* Bytes of values a full store holds. */
#define TRAIT_MAX_VALUES_SIZE 232
/* BPF_F_TRAIT_NOEXIST: set fails with -EEXIST when the key is present. */
#define TRAIT_F_NOEXIST 1ULL
/* BPF_F_TRAIT_EXIST: set fails with -ENOENT when the key is absent. */
#define TRAIT_F_EXIST 2ULL
/* The metadata an XDP program reserves for its seal and store under the meta backend. */
#define TRAIT_META_ROOM 128
/* Bytes of the seal (magic, area size, packet length, check) in front of a meta backend store. */
#define TRAIT_META_SEAL_SIZE 16
/* The seal's first four bytes, "TRS1" in memory order. */
#define TRAIT_META_MAGIC 827544148U
/* Where the four packet bytes the seal's check covers start. */
#define TRAIT_META_PACKET_WORD 16
/* The seal's check starts from this value. */
#define TRAIT_META_CHECK_SEED 7640891576956012808ULL
/* The odd multiplier of each mixing step of the check. */
#define TRAIT_META_CHECK_MULTIPLIER 11400714819323198485ULL

#endif /* TRAITSBPF_TRAITS_ABI_H */
