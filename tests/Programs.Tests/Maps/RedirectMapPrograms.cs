namespace TraitsBpf.Programs.Tests.Maps;

/// <summary>Redirects through a device hash map, a CPU map and an AF_XDP socket map.</summary>
public static unsafe class RedirectMapPrograms
{
    /// <summary>Interfaces by any key.</summary>
    public static readonly DevMapHash Ports = new(8);

    /// <summary>CPUs 0 and 1.</summary>
    public static readonly CpuMap Cpus = new(2);

    /// <summary>Sockets per receive queue; user space only puts them in (BPF_F_WRONLY).</summary>
    public static readonly XskMap Sockets = new(4, MapFlags.WriteOnly);

    /// <summary>Byte 14 picks the map (0 <see cref="Ports"/>, 1 <see cref="Cpus"/>, 2 <see cref="Sockets"/>), byte 15 the key, byte 16 the fallback action.</summary>
    [Xdp("m_redirect_maps")]
    public static XdpAction Run(XdpContext ctx)
    {
        byte* data = ctx.Data;
        if (data + 17 > ctx.DataEnd)
        {
            return XdpAction.Aborted;
        }

        uint key = data[15];
        ulong fallback = data[16];
        return data[14] switch
        {
            0 => Ports.Redirect(key, fallback),
            1 => Cpus.Redirect(key, fallback),
            _ => Sockets.Redirect(key, fallbackFlags: fallback),
        };
    }
}
