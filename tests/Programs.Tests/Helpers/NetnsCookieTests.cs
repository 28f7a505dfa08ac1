using System.Net.Sockets;
using TraitsBpf.Programs.Tests.Infrastructure;
using TraitsBpf.TestSupport.Host;

namespace TraitsBpf.Programs.Tests.Helpers;

/// <summary>
/// <see cref="TcContext.GetNetnsCookie"/> and <see cref="SocketContext.GetNetnsCookie"/>: the 6.18 verifier accepts
/// them, and BPF_PROG_TEST_RUN in this process's network namespace and in a namespace of the test's own gives each
/// namespace's cookie (<c>SO_NETNS_COOKIE</c> of a socket there), which managed execution returns when told it.
/// </summary>
public sealed class NetnsCookieTests
{
    private const int SolSocket = 1;
    private const int SoNetnsCookie = 71;

    [Fact]
    public void Tc_programs_and_socket_filters_get_the_cookie_of_the_namespace_their_packet_is_in()
    {
        using var ns = new NetworkNamespace();
        using var programs = new CompiledAssembly(typeof(NetnsCookiePrograms).Assembly.Location, "h_netns_cookie_tc", "h_netns_cookie_socket");

        ulong host = RunBothWays(programs);
        ulong inner = NetworkNamespaceThread.Run(ns.Name, () => RunBothWays(programs));

        Assert.NotEqual(host, inner);
    }

    /// <summary>Runs both programs in the calling thread's namespace, kernel and managed, and returns that namespace's cookie.</summary>
    private static ulong RunBothWays(CompiledAssembly programs)
    {
        ulong cookie = NamespaceCookie();
        var frame = new byte[64];
        frame[12] = 0x88; // an EtherType the test runs take as it is
        frame[13] = 0xB5;
        programs.Program("h_netns_cookie_tc").TestRun(frame);

        using (var tc = TcContext.ForPacket(frame))
        {
            tc.NetnsCookie = cookie;
            ManagedExecution.Run(NetnsCookiePrograms.Tc, tc);
        }

        using (var socket = SocketContext.ForPacket(frame.AsSpan(14)))
        {
            socket.NetnsCookie = cookie;
            Assert.Equal(programs.Program("h_netns_cookie_socket").TestRun(frame).ReturnValue, ManagedExecution.Run(NetnsCookiePrograms.Socket, socket));
        }

        Assert.Equal([cookie, cookie], [programs.ReadUInt64("Cookies", 0), programs.ReadUInt64("Cookies", 1)]);
        Assert.Equal([cookie, cookie], [NetnsCookiePrograms.Cookies[0], NetnsCookiePrograms.Cookies[1]]);
        return cookie;
    }

    private static ulong NamespaceCookie()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        var value = new byte[8];
        Assert.Equal(8, socket.GetRawSocketOption(SolSocket, SoNetnsCookie, value));
        return BitConverter.ToUInt64(value);
    }
}
