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
/* The metadata an XDP program reserves for its store under the meta backend. */
#define TRAIT_META_ROOM 128

#endif /* TRAITSBPF_TRAITS_ABI_H */
