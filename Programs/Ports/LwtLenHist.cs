namespace TraitsBpf.Ports;

/// <summary>
/// Port of c/lwt_len_hist.bpf.c (the kernel's samples/bpf/lwt_len_hist.bpf.c, Linux 6.12.118 as in
/// Debian's linux-source-6.12 6.12.118-1~deb12u1): counts every packet under the base-2 logarithm of
/// its length in a per-CPU hash map pinned by name. A TC program where upstream is an LWT one
/// (see Programs/Ports/README.md).
/// </summary>
public static unsafe class LwtLenHist
{
    /// <summary>Packets per log2 of their length, per CPU; pinned by name (C: <c>lwt_len_hist_map</c>).</summary>
    [Pinned]
    public static readonly PerCpuHashMap<ulong, ulong> LenHistMap = new(maxEntries: 1024);

    /// <summary>The TC program.</summary>
    [Tc("do_len_hist")]
    public static TcAction DoLenHist(TcContext skb)
    {
        ulong* value;
        ulong key, initVal = 1;

        key = Log2l(skb.Length);

        value = LenHistMap.Lookup(key);
        if (value != null)
        {
            Interlocked.Increment(ref *value);
        }
        else
        {
            LenHistMap.Update(key, initVal, MapUpdate.Any);
        }

        return TcAction.Ok;
    }

    /// <summary>Index of the highest set bit of a 32-bit value (0 for 0), halving the search at each step.</summary>
    private static uint Log2(uint v)
    {
        uint r;
        uint shift;

        r = (v > 0xFFFF ? 1u : 0u) << 4; v >>= (int)r;
        shift = (v > 0xFF ? 1u : 0u) << 3; v >>= (int)shift; r |= shift;
        shift = (v > 0xF ? 1u : 0u) << 2; v >>= (int)shift; r |= shift;
        shift = (v > 0x3 ? 1u : 0u) << 1; v >>= (int)shift; r |= shift;
        r |= v >> 1;
        return r;
    }

    /// <summary>The same for 64 bits: the upper half decides when it is not zero.</summary>
    private static uint Log2l(ulong v)
    {
        uint hi = (uint)(v >> 32);

        if (hi != 0)
        {
            return Log2(hi) + 32;
        }
        else
        {
            return Log2((uint)v);
        }
    }
}
