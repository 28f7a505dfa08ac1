using System.Runtime.InteropServices;

namespace TraitsBpf.Compiler.Tests.Rejected;

/// <summary>Map declarations the kernel would refuse, and [Pinned] on a global, refused at the line that uses the field.</summary>
public static unsafe partial class RejectedPrograms
{
    private static readonly LpmTrieMap<AddressFirstKey, uint> BackwardsRoutes = new(16);
    private static readonly BloomFilterMap<uint> OverHashed = new(64, MapFlags.None, hashFunctions: 16);

    [Pinned]
    private static ulong pinnedCounter;

    [Xdp("bad_pinned_global")]
    public static XdpAction PinnedGlobal(XdpContext ctx)
    {
        pinnedCounter++; // rejected: pinned global
        return XdpAction.Pass;
    }

    [Xdp("bad_bloom_hashes")]
    public static XdpAction BloomFilterWithTooManyHashes(XdpContext ctx)
    {
        uint value = 7;
        return OverHashed.Peek(value) == 0 ? XdpAction.Drop : XdpAction.Pass; // rejected: bloom hashes
    }

    [Xdp("bad_lpm_key")]
    public static XdpAction LpmKeyWithoutPrefixLength(XdpContext ctx)
    {
        AddressFirstKey key = new() { Address = 0x0100000A, PrefixLength = 32 };
        uint* hop = BackwardsRoutes.Lookup(key); // rejected: lpm key
        return hop == null ? XdpAction.Pass : XdpAction.Drop;
    }

    /// <summary>The address before the prefix length: not the layout the kernel reads.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct AddressFirstKey
    {
        /// <summary>An IPv4 address.</summary>
        public uint Address;

        /// <summary>The prefix length, in the wrong place.</summary>
        public uint PrefixLength;
    }
}
