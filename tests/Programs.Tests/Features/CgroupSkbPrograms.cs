namespace TraitsBpf.Programs.Tests.Features;

/// <summary>A cgroup skb egress policy: counts the bytes of each IP protocol the cgroup sends and drops UDP to port 9.</summary>
public static unsafe class CgroupSkbPrograms
{
    /// <summary>The UDP destination port whose datagrams are dropped (discard).</summary>
    public const ushort DroppedPort = 9;

    /// <summary>Bytes sent, by IP protocol number.</summary>
    public static readonly ArrayMap<ulong> BytesByProtocol = new(256);

    /// <summary>Reads the IPv4 header through direct packet access and the UDP port with bpf_skb_load_bytes; marks what it lets through.</summary>
    [CgroupSkb("cg_egress_policy", CgroupSkbDirection.Egress)]
    public static CgroupSkbVerdict Egress(CgroupSkbContext ctx)
    {
        byte* data = ctx.Data;
        if (data + 20 > ctx.DataEnd || (data[0] >> 4) != 4)
        {
            return CgroupSkbVerdict.Allow;
        }

        uint protocol = data[9];
        ulong* bytes = BytesByProtocol.Lookup(protocol);
        if (bytes != null)
        {
            Interlocked.Add(ref *bytes, ctx.Length);
        }

        int headerLength = (data[0] & 0xF) * 4;
        ushort port = 0;
        if (protocol == IpProtocol.Udp && ctx.LoadBytes(headerLength + 2, &port, sizeof(ushort)) == 0 && port == Net.Htons(DroppedPort))
        {
            return CgroupSkbVerdict.Drop;
        }

        ctx.Mark = 0x7b;
        return CgroupSkbVerdict.Allow;
    }
}
