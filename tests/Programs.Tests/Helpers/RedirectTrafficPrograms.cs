namespace TraitsBpf.Programs.Tests.Helpers;

/// <summary>
/// TC ingress programs that redirect IPv4 UDP to <see cref="ProbePort"/> to the interface in <see cref="Targets"/>,
/// one through bpf_redirect_peer (into the namespace of the veth's other end, at its ingress), one through
/// bpf_redirect_neigh (out of the interface, the link-layer addresses from the neighbour table); everything else goes on.
/// </summary>
public static unsafe class RedirectTrafficPrograms
{
    /// <summary>The UDP port whose datagrams are redirected.</summary>
    public const ushort ProbePort = 9431;

    /// <summary>[0]: the interface index to redirect to, which user space sets.</summary>
    public static readonly ArrayMap<uint> Targets = new(1);

    /// <summary>[0]: datagrams redirected to the peer; [1]: through the neighbour table.</summary>
    public static readonly ArrayMap<ulong> Redirected = new(2);

    /// <summary>bpf_redirect_peer to the interface in <see cref="Targets"/>.</summary>
    [Tc("r_to_peer")]
    public static TcAction ToPeer(TcContext ctx)
    {
        uint* target = Probe(ctx, 0);
        return target == null ? TcAction.Ok : ctx.RedirectPeer(*target);
    }

    /// <summary>bpf_redirect_neigh to the interface in <see cref="Targets"/>.</summary>
    [Tc("r_to_neighbor")]
    public static TcAction ToNeighbor(TcContext ctx)
    {
        uint* target = Probe(ctx, 1);
        return target == null ? TcAction.Ok : ctx.RedirectNeighbor(*target);
    }

    /// <summary>For a datagram to <see cref="ProbePort"/>: counts it under <paramref name="counter"/> and gives the target; else null.</summary>
    private static uint* Probe(TcContext ctx, uint counter)
    {
        byte* data = ctx.Data;
        if (data + 38 > ctx.DataEnd || *(ushort*)(data + 12) != Net.Htons(0x0800) || data[23] != 17 || *(ushort*)(data + 36) != Net.Htons(ProbePort))
        {
            return null;
        }

        uint* target = Targets.Lookup(0);
        ulong* count = Redirected.Lookup(counter);
        if (target == null || count == null)
        {
            return null;
        }

        Interlocked.Increment(ref *count);
        return target;
    }
}
