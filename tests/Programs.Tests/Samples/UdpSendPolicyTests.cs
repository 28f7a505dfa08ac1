using TraitsBpf.Object;
using TraitsBpf.Loader;
using TraitsBpf.Programs.Tests.Infrastructure;
using TraitsBpf.Samples;
using TraitsBpf.TestSupport.Host;

namespace TraitsBpf.Programs.Tests.Samples;

/// <summary>
/// The cgroup socket-address sample as managed code over contexts the test builds, and as objects: ours and its C twin
/// put the programs in the same libbpf sections and the verifier accepts ours as BPF_PROG_TYPE_CGROUP_SOCK_ADDR. The
/// kernel's test run has no sock_addr support (ENOTSUPP), so the kernel side of the behaviour is the Loader tier's
/// test that attaches the sample to a cgroup and sends real datagrams.
/// </summary>
public sealed class UdpSendPolicyTests(SamplesFixture fixture) : IClassFixture<SamplesFixture>
{
    private const uint AfInet = 2;
    private const uint SockDgram = 2;

    private static SockAddrContext Send(ushort port) => new()
    {
        UserFamily = AfInet,
        Family = AfInet,
        Type = SockDgram,
        Protocol = IpProtocol.Udp,
        UserIp4 = 0x0100007f,
        UserPort = Net.Htons(port),
    };

    private const uint AfInet6 = 10;

    /// <summary>A send from an IPv6 socket to ::1 at <paramref name="port"/>.</summary>
    private static SockAddrContext Send6(ushort port)
    {
        var ctx = new SockAddrContext
        {
            UserFamily = AfInet6,
            Family = AfInet6,
            Type = SockDgram,
            Protocol = IpProtocol.Udp,
            UserPort = Net.Htons(port),
        };
        ctx.SetUserIp6(3, 0x01000000);
        return ctx;
    }

    private static unsafe ulong Decisions(uint index) => *UdpSendPolicy.Decisions.Lookup(index);

    [Fact]
    public void A_send_to_the_blocked_port_is_refused_and_counted()
    {
        var refused = Decisions(UdpSendPolicy.Refused);
        var ctx = Send(UdpSendPolicy.BlockedPort);

        Assert.Equal(SockAddrVerdict.Deny, ManagedExecution.Run(UdpSendPolicy.Send, ctx));
        Assert.Equal(Net.Htons(UdpSendPolicy.BlockedPort), ctx.UserPort);
        Assert.Equal(refused + 1, Decisions(UdpSendPolicy.Refused));
    }

    [Fact]
    public void A_send_to_the_moved_port_goes_to_the_new_port_and_its_reply_comes_from_the_old_one()
    {
        var moved = Decisions(UdpSendPolicy.Moved);
        var send = Send(UdpSendPolicy.MovedPort);
        Assert.Equal(SockAddrVerdict.Allow, ManagedExecution.Run(UdpSendPolicy.Send, send));
        Assert.Equal(Net.Htons(UdpSendPolicy.NewPort), send.UserPort);
        Assert.Equal(0x0100007fu, send.UserIp4);
        Assert.Equal(moved + 1, Decisions(UdpSendPolicy.Moved));

        var reply = Send(UdpSendPolicy.NewPort);
        Assert.Equal(SockAddrVerdict.Allow, ManagedExecution.Run(UdpSendPolicy.Receive, reply));
        Assert.Equal(Net.Htons(UdpSendPolicy.MovedPort), reply.UserPort);
    }

    [Fact]
    public void Other_sends_and_replies_pass_as_they_are()
    {
        var (refused, moved) = (Decisions(UdpSendPolicy.Refused), Decisions(UdpSendPolicy.Moved));
        var send = Send(53);
        Assert.Equal(SockAddrVerdict.Allow, ManagedExecution.Run(UdpSendPolicy.Send, send));
        Assert.Equal(Net.Htons(53), send.UserPort);
        var reply = Send(53);
        Assert.Equal(SockAddrVerdict.Allow, ManagedExecution.Run(UdpSendPolicy.Receive, reply));
        Assert.Equal(Net.Htons(53), reply.UserPort);
        Assert.Equal((refused, moved), (Decisions(UdpSendPolicy.Refused), Decisions(UdpSendPolicy.Moved)));
    }

    [Fact]
    public void The_verifier_accepts_all_four_as_cgroup_sock_addr_programs_in_the_sections_of_the_C_twin()
    {
        string[] names = ["udp6_recv_policy", "udp6_send_policy", "udp_recv_policy", "udp_send_policy"];
        foreach (var name in names)
        {
            Assert.Equal(BpfProgramType.CgroupSockAddr, fixture.Programs.Program(name).Type);
            Assert.True(fixture.Programs.Program(name).Info().Id > 0);
        }

        var ours = ObjectReader.Read(Compiler.BpfCompiler.Compile(SamplesFixture.SamplesAssemblyPath, new Compiler.CompilerOptions { Programs = names }).Object);
        var twin = ObjectReader.Read(TwinObject());
        Assert.Equal(
            ["udp6_recv_policy cgroup/recvmsg6", "udp6_send_policy cgroup/sendmsg6", "udp_recv_policy cgroup/recvmsg4", "udp_send_policy cgroup/sendmsg4"],
            ours.Programs.Select(p => $"{p.Name} {p.SectionName}").Order(StringComparer.Ordinal));
        Assert.Equal(
            twin.Programs.Select(p => $"{p.Name} {p.SectionName}").Order(StringComparer.Ordinal),
            ours.Programs.Select(p => $"{p.Name} {p.SectionName}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_IPv6_programs_decide_as_the_IPv4_ones_on_IPv6_sends()
    {
        var (refused, moved) = (Decisions(UdpSendPolicy.Refused), Decisions(UdpSendPolicy.Moved));
        Assert.Equal(SockAddrVerdict.Deny, ManagedExecution.Run(UdpSendPolicy.Send6, Send6(UdpSendPolicy.BlockedPort)));
        var send = Send6(UdpSendPolicy.MovedPort);
        Assert.Equal(SockAddrVerdict.Allow, ManagedExecution.Run(UdpSendPolicy.Send6, send));
        Assert.Equal(Net.Htons(UdpSendPolicy.NewPort), send.UserPort);
        Assert.Equal(1u, send.UserIp6(3) >> 24); // ::1 left as it was
        var reply = Send6(UdpSendPolicy.NewPort);
        Assert.Equal(SockAddrVerdict.Allow, ManagedExecution.Run(UdpSendPolicy.Receive6, reply));
        Assert.Equal(Net.Htons(UdpSendPolicy.MovedPort), reply.UserPort);
        Assert.Equal((refused + 1, moved + 1), (Decisions(UdpSendPolicy.Refused), Decisions(UdpSendPolicy.Moved)));
    }

    [Fact]
    public void The_kernels_test_run_cannot_run_a_sock_addr_program()
    {
        var error = Assert.Throws<LoaderException>(() => fixture.Programs.Program("udp_send_policy").TestRun(new byte[64]));
        Assert.Contains("CgroupSockAddr programs do not support BPF_PROG_TEST_RUN", error.Message, StringComparison.Ordinal);
    }

    private static byte[] TwinObject()
    {
        var source = Path.Combine(Repository.Root, "Programs", "Samples", "c", "udp_send_policy.bpf.c");
        var output = Path.Combine(Path.GetTempPath(), $"udp_send_policy-{Guid.NewGuid():N}.o");
        try
        {
            Tool.RunClean("clang", "-O2", "-mcpu=v3", "-g", "-target", "bpf", "-I/usr/include/x86_64-linux-gnu", "-c", source, "-o", output);
            return File.ReadAllBytes(output);
        }
        finally
        {
            File.Delete(output);
        }
    }
}
