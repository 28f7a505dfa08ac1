namespace TraitsBpf.Compiler.Tests.Rejected;

/// <summary>Cgroup socket-address programs the compiler must refuse because the verifier would: fields their hook lacks, refusals their hook cannot make.</summary>
public static partial class RejectedPrograms
{
    [CgroupSockAddr("bad_recv_deny", SockAddrHook.UdpRecvmsg4)]
    public static SockAddrVerdict DenyAReceive(SockAddrContext ctx)
    {
        if (ctx.UserPort == 53)
        {
            return SockAddrVerdict.Deny; // rejected: recvmsg deny
        }

        return SockAddrVerdict.Allow;
    }

    [CgroupSockAddr("bad_ip4_at_ip6", SockAddrHook.Connect6)]
    public static SockAddrVerdict ReadIpv4AtAnIpv6Hook(SockAddrContext ctx) =>
        ctx.UserIp4 == 0 ? SockAddrVerdict.Deny : SockAddrVerdict.Allow; // rejected: ipv4 field at ipv6 hook

    [CgroupSockAddr("bad_msg_src", SockAddrHook.Connect4)]
    public static SockAddrVerdict SetTheSourceOfAConnect(SockAddrContext ctx)
    {
        ctx.MessageSourceIp4 = 0x0100007f; // rejected: msg_src outside sendmsg
        return SockAddrVerdict.Allow;
    }

    [CgroupSockAddr("bad_ip6_word", SockAddrHook.UdpSendmsg6)]
    public static SockAddrVerdict ReadAWordKnownAtRunTime(SockAddrContext ctx) =>
        ctx.UserIp6((int)(ctx.UserPort & 3)) == 0 ? SockAddrVerdict.Deny : SockAddrVerdict.Allow; // rejected: ip6 word index

    [CgroupSockAddr("bad_sockaddr_signature", SockAddrHook.Bind4)]
    public static uint ReturnAnInteger(SockAddrContext ctx) => 1; // rejected: sock_addr signature

    [CgroupSockAddr("bad_sockaddr_trait_hook", SockAddrHook.Connect4)]
    public static SockAddrVerdict ReadTraitsAtConnect(SockAddrContext ctx) =>
        ctx.Traits.TryGet(5, out uint _) ? SockAddrVerdict.Deny : SockAddrVerdict.Allow; // rejected: traits at connect

    [CgroupSockAddr("bad_sockaddr_put_at_send", SockAddrHook.UdpSendmsg4)]
    public static unsafe SockAddrVerdict PutAControlMessageOnASend(SockAddrContext ctx)
    {
        uint verdict = 1;
        ctx.PutControlMessage(2, &verdict, sizeof(uint)); // rejected: put cmsg at sendmsg
        return SockAddrVerdict.Allow;
    }

    [CgroupSockAddr("bad_sockaddr_read_at_recv", SockAddrHook.UdpRecvmsg6)]
    public static unsafe SockAddrVerdict ReadAControlMessageOfARead(SockAddrContext ctx)
    {
        ControlMessageHeader header;
        ctx.ReadControlMessage(0, &header, sizeof(ControlMessageHeader)); // rejected: read cmsg at recvmsg
        return SockAddrVerdict.Allow;
    }

    [CgroupSockAddr("bad_sockaddr_trait_meta", SockAddrHook.UdpSendmsg4)]
    public static SockAddrVerdict StampUnderTheMetaBackend(SockAddrContext ctx)
    {
        ctx.Traits.Set(5, 1u); // rejected: trait at sendmsg under meta
        return SockAddrVerdict.Allow;
    }
}
