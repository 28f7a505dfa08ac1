using System.Diagnostics.CodeAnalysis;

namespace TraitsBpf;

/// <summary>
/// The kernel's <c>struct tcp_timewait_sock</c>, a TCP connection in TIME-WAIT, as
/// <see cref="BpfSocketCommon.ToTcpTimewaitSock"/> returns it; its sequence numbers are
/// <see cref="SockCommon.TimewaitReceiveNext"/> and <see cref="SockCommon.TimewaitSendNext"/>.
/// </summary>
[KernelType("tcp_timewait_sock")]
public struct TcpTimewaitSock
{
    /// <summary>The IP time-wait socket (<c>tw_sk</c>).</summary>
    [KernelField("tw_sk")]
    public InetTimewaitSock Timewait;

    /// <summary>The receive window the connection last advertised (<c>tw_rcv_wnd</c>).</summary>
    [KernelField("tw_rcv_wnd")]
    public uint ReceiveWindow;

    /// <summary>The addresses, ports, family and state.</summary>
    [UnscopedRef]
    public readonly ref readonly SockCommon Common => ref Timewait.Common;
}
