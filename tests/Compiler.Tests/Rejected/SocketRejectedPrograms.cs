namespace TraitsBpf.Compiler.Tests.Rejected;

/// <summary>BpfSocket references the verifier would refuse: leaked on a path, released while maybe null or twice, written, merged.</summary>
public static unsafe partial class RejectedPrograms
{
    [Tc("bad_socket_leak")]
    public static TcAction LeakOnOnePath(TcContext ctx)
    {
        var tuple = new IPv4SocketTuple { DestinationPort = 80 };
        BpfSocket* socket = ctx.LookupTcp(in tuple); // rejected: socket leak
        if (socket == null)
        {
            return TcAction.Ok;
        }

        if (socket->State == (uint)SocketState.Listen)
        {
            return TcAction.Shot;
        }

        socket->Release();
        return TcAction.Ok;
    }

    [Xdp("bad_socket_unused")]
    public static XdpAction UnusedLookup(XdpContext ctx)
    {
        var tuple = new IPv4SocketTuple { DestinationPort = 53 };
        ctx.LookupUdp(in tuple); // rejected: unused socket
        return XdpAction.Pass;
    }

    [Tc("bad_socket_null_release")]
    public static TcAction ReleaseWithoutNullTest(TcContext ctx)
    {
        var tuple = new IPv4SocketTuple { DestinationPort = 53 };
        BpfSocket* socket = ctx.LookupUdp(in tuple);
        socket->Release(); // rejected: maybe null release
        return TcAction.Ok;
    }

    [Tc("bad_socket_double_release")]
    public static TcAction ReleaseTwice(TcContext ctx)
    {
        var tuple = new IPv4SocketTuple { DestinationPort = 53 };
        BpfSocket* socket = ctx.LookupUdp(in tuple);
        if (socket != null)
        {
            if (socket->State == (uint)SocketState.Close)
            {
                socket->Release();
            }

            socket->Release(); // rejected: double release
        }

        return TcAction.Ok;
    }

    [Tc("bad_socket_write")]
    public static TcAction WriteAField(TcContext ctx)
    {
        var tuple = new IPv4SocketTuple { DestinationPort = 53 };
        BpfSocket* socket = ctx.LookupUdp(in tuple);
        if (socket != null)
        {
            socket->Mark = 1; // rejected: socket write
            socket->Release();
        }

        return TcAction.Ok;
    }

    [Xdp("bad_socket_merge")]
    public static XdpAction MergedReference(XdpContext ctx)
    {
        var tuple = new IPv4SocketTuple { DestinationPort = 53 };
        BpfSocket* socket = null;
        for (int i = 0; i < 32 && socket == null; i++)
        {
            tuple.DestinationPort = (ushort)(53 + i);
            socket = ctx.LookupUdp(in tuple); // rejected: merged socket
        }

        if (socket != null)
        {
            socket->Release();
        }

        return XdpAction.Pass;
    }

    [Tc("bad_socket_stray_release")]
    public static TcAction ReleaseAView(TcContext ctx)
    {
        var tuple = new IPv4SocketTuple { DestinationPort = 80 };
        BpfSocket* socket = ctx.LookupTcp(in tuple);
        if (socket != null)
        {
            BpfSocket* listener = socket->Listener();
            if (listener != null)
            {
                listener->Release(); // rejected: stray release
            }

            socket->Release();
        }

        return TcAction.Ok;
    }

    [Tc("bad_socket_null_assign")]
    public static TcAction AssignWithoutNullTest(TcContext ctx)
    {
        var tuple = new IPv4SocketTuple { DestinationPort = 53 };
        BpfSocket* socket = ctx.LookupUdp(in tuple);
        int result = ctx.AssignSocket(socket); // rejected: maybe null assign
        if (socket != null)
        {
            socket->Release();
        }

        return (TcAction)result;
    }
}
