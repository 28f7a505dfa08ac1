namespace TraitsBpf.Compiler.Tests.Rejected;

/// <summary>Reads of the kernel's socket structs the verifier would refuse: through a cast that may be null, after the reference is released, at an index it cannot check.</summary>
public static unsafe partial class RejectedPrograms
{
    [Tc("bad_cast_null")]
    public static TcAction ReadCastWithoutNullTest(TcContext ctx)
    {
        var tuple = new IPv4SocketTuple { DestinationPort = 80 };
        BpfSocket* socket = ctx.LookupTcp(in tuple);
        if (socket == null)
        {
            return TcAction.Ok;
        }

        TcpSock* tcp = socket->ToTcpSock();
        uint window = tcp->SendCongestionWindow; // rejected: cast maybe null
        socket->Release();
        return window > 10 ? TcAction.Shot : TcAction.Ok;
    }

    [Tc("bad_cast_after_release")]
    public static TcAction ReadCastAfterRelease(TcContext ctx)
    {
        var tuple = new IPv4SocketTuple { DestinationPort = 80 };
        BpfSocket* socket = ctx.LookupTcp(in tuple);
        if (socket == null)
        {
            return TcAction.Ok;
        }

        TcpSock* tcp = socket->ToTcpSock();
        socket->Release();
        if (tcp != null && tcp->SendCongestionWindow > 10) // rejected: cast after release
        {
            return TcAction.Shot;
        }

        return TcAction.Ok;
    }

    [Tc("bad_context_socket_null")]
    public static TcAction ReadContextSocketWithoutNullTest(TcContext ctx) =>
        ctx.Socket->Family == 10 ? TcAction.Shot : TcAction.Ok; // rejected: context socket maybe null

    [Tc("bad_context_socket_cast")]
    public static TcAction CastContextSocketWithoutNullTest(TcContext ctx) =>
        ctx.Socket->ToTcpSock() == null ? TcAction.Shot : TcAction.Ok; // rejected: context socket cast maybe null

    [Tc("bad_context_socket_release")]
    public static TcAction ReleaseTheContextSocket(TcContext ctx)
    {
        BpfSocketCommon* socket = ctx.Socket;
        if (socket != null)
        {
            socket->Release(); // rejected: context socket release
        }

        return TcAction.Ok;
    }

    [Tc("bad_kernel_array_index")]
    public static TcAction IndexKernelArrayAtRunTime(TcContext ctx)
    {
        Tcp6Sock* tcp6 = ctx.Socket == null ? null : ctx.Socket->ToTcp6Sock();
        if (tcp6 == null)
        {
            return TcAction.Ok;
        }

        return tcp6->Common.DestinationIPv6.Words.Word[ctx.Mark & 3] == 0 ? TcAction.Shot : TcAction.Ok; // rejected: kernel array index
    }

    [Tc("bad_kernel_array_range")]
    public static TcAction IndexKernelArrayPastItsEnd(TcContext ctx)
    {
        BpfSocketCommon* socket = ctx.Socket;
        Tcp6Sock* tcp6 = socket == null ? null : socket->ToTcp6Sock();
        if (tcp6 == null)
        {
            return TcAction.Ok;
        }

        return tcp6->Inet6.SourceAddress.Words.Word[4] == 0 ? TcAction.Shot : TcAction.Ok; // rejected: kernel array range
    }
}
