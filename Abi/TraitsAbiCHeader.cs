using System.Globalization;
using System.Text;

namespace TraitsBpf.Abi;

/// <summary>
/// The traits ABI's numbers as a C header, for the C twins' trait_store.h and the kernel tests:
/// generated from this assembly's constants so that C and C# cannot drift apart. The checked-in
/// copy (Programs/Samples/c/traits_abi.h) is compared with this text by the tests.
/// </summary>
public static class TraitsAbiCHeader
{
    /// <summary>The header's text.</summary>
    public static string Generate()
    {
        var h = new StringBuilder();
        h.Append("/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */\n");
        h.Append("/*\n * The packet traits ABI numbers (docs/traits-abi.md), generated from TraitsBpf.Abi (Abi/)\n");
        h.Append(" * by TraitsAbiCHeader.Generate(); do not edit: a test compares this file with it.\n */\n");
        h.Append("#ifndef TRAITSBPF_TRAITS_ABI_H\n#define TRAITSBPF_TRAITS_ABI_H\n\n");
        Define(h, "TRAIT_MAX_KEY", TraitKeys.Max, "The highest trait key.");
        Define(h, "TRAIT_KEY_UNASSIGNED", TraitKeys.Unassigned, "What a named trait's key variable holds until the loader binds it; every operation refuses it.");
        Define(h, "TRAIT_MAX_VALUE_SIZE", TraitValueSizes.Max, "The largest value, in bytes.");
        Define(h, "TRAIT_HEADER_SIZE", TraitStoreFormat.HeaderSize, "Bytes of the header (three u64 planes) that starts every store.");
        Define(h, "TRAIT_MAX_SIZE", TraitStoreFormat.MaxSize, "A store never grows beyond this many bytes, header included.");
        Define(h, "TRAIT_MAX_VALUES_SIZE", TraitStoreFormat.MaxValuesSize, "Bytes of values a full store holds.");
        Define(h, "TRAIT_F_NOEXIST", TraitStoreFormat.NoExist, "BPF_F_TRAIT_NOEXIST: set fails with -EEXIST when the key is present.", "ULL");
        Define(h, "TRAIT_F_EXIST", TraitStoreFormat.Exist, "BPF_F_TRAIT_EXIST: set fails with -ENOENT when the key is absent.", "ULL");
        Define(h, "TRAIT_META_ROOM", TraitStoreFormat.MetaRoom, "The metadata an XDP program reserves for its seal and store under the meta backend.");
        Define(h, "TRAIT_META_SEAL_SIZE", TraitStoreFormat.MetaSealSize, "Bytes of the seal (magic, area size, packet length, check) in front of a meta backend store.");
        Define(h, "TRAIT_META_MAGIC", TraitStoreFormat.MetaMagic, "The seal's first four bytes, \"TRS1\" in memory order.", "U");
        Define(h, "TRAIT_META_PACKET_WORD", TraitStoreFormat.MetaPacketWordOffset, "Where the four packet bytes the seal's check covers start.");
        Define(h, "TRAIT_META_CHECK_SEED", TraitStoreFormat.MetaCheckSeed, "The seal's check starts from this value.", "ULL");
        Define(h, "TRAIT_META_CHECK_MULTIPLIER", TraitStoreFormat.MetaCheckMultiplier, "The odd multiplier of each mixing step of the check.", "ULL");
        h.Append("\n#endif /* TRAITSBPF_TRAITS_ABI_H */\n");
        return h.ToString();
    }

    private static void Define(StringBuilder h, string name, ulong value, string why, string suffix = "") =>
        h.Append(CultureInfo.InvariantCulture, $"/* {why} */\n#define {name} {value}{suffix}\n");

    private static void Define(StringBuilder h, string name, int value, string why) => Define(h, name, (ulong)value, why);
}
