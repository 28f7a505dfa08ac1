namespace TraitsBpf;

/// <summary>The kernel's <c>struct inet_timewait_sock</c>: what stays of a closed IP connection while it waits out old segments.</summary>
[KernelType("inet_timewait_sock")]
public struct InetTimewaitSock
{
    /// <summary>Addresses, ports, family and state (<see cref="SocketState.TimeWait"/>) (<c>__tw_common</c>).</summary>
    [KernelField("__tw_common")]
    public SockCommon Common;

    /// <summary>The TCP state the connection closed from: <see cref="SocketState.TimeWait"/>, or <see cref="SocketState.FinWait2"/> (<c>tw_substate</c>).</summary>
    [KernelField("tw_substate")]
    public byte Substate;

    /// <summary>The closed socket's mark (<c>tw_mark</c>).</summary>
    [KernelField("tw_mark")]
    public uint Mark;

    /// <summary>The closed socket's priority (<c>tw_priority</c>).</summary>
    [KernelField("tw_priority")]
    public uint Priority;
}
