using System.Diagnostics;
using System.Globalization;
using TraitsBpf.TestSupport.Host;

namespace TraitsBpf.Benchmarks.Traits;

/// <summary>The floods of the stash cost benchmark, sent with Python from the sender's namespace.</summary>
public static class StashCostTraffic
{
    /// <summary>Bytes of UDP payload per datagram of the GRO flood.</summary>
    public const int GroSegmentBytes = 64;

    /// <summary>Datagrams per UDP_SEGMENT send of the GRO flood: GRO can merge at most this many into one sk_buff.</summary>
    public const int GroBurst = 32;

    private const int UdpSegment = 103;
    private const int UdpGro = 104;

    /// <summary><paramref name="packets"/> single datagrams to the reader's port, where nobody listens, as fast as one Python process sends them.</summary>
    public static void ClosedPort(VethPair veth, int packets) =>
        Python(veth.SenderNamespace, $$"""
            import socket
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            payload = bytes(32)
            for i in range({{packets}}):
                s.sendto(payload, ('{{VethPair.ReceiverAddress}}', {{StashCostPrograms.Port}}))
            """).EnsureSuccess();

    /// <summary>
    /// Turns GRO on for the receiving veth (which runs in NAPI mode because an XDP program is attached), then sends
    /// <paramref name="packets"/> datagrams (rounded down to whole bursts) in same-flow bursts to a socket with
    /// UDP_GRO set in the receiver's namespace, and returns what that socket received.
    /// </summary>
    public static GroDelivery GroSocket(VethPair veth, int packets)
    {
        Run.RequireTool("ethtool");
        Run.Command("ip", "netns", "exec", veth.ReceiverNamespace, "ethtool", "-K", veth.ReceiverInterface, "gro", "on").EnsureSuccess();
        int bursts = Math.Max(1, packets / GroBurst);
        int sent = bursts * GroBurst;
        using var receiver = StartReceiver(veth.ReceiverNamespace, sent);
        if (receiver.StandardOutput.ReadLine() != "ready")
        {
            throw new InvalidOperationException($"the GRO flood's receiver did not start: {receiver.StandardError.ReadToEnd()}");
        }

        Python(veth.SenderNamespace, $$"""
            import socket
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.setsockopt(socket.IPPROTO_UDP, {{UdpSegment}}, {{GroSegmentBytes}})
            payload = bytes({{GroSegmentBytes * GroBurst}})
            for i in range({{bursts}}):
                s.sendto(payload, ('{{VethPair.ReceiverAddress}}', {{StashCostPrograms.Port}}))
            """).EnsureSuccess();
        string counts = receiver.StandardOutput.ReadToEnd().Trim();
        receiver.WaitForExit();
        var fields = counts.Split(' ');
        if (receiver.ExitCode != 0 || fields.Length != 2)
        {
            throw new InvalidOperationException($"the GRO flood's receiver failed ({receiver.ExitCode}): {counts} {receiver.StandardError.ReadToEnd()}");
        }

        return new GroDelivery(sent, int.Parse(fields[0], CultureInfo.InvariantCulture), int.Parse(fields[1], CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// A UDP_GRO socket on the reader's port that prints "ready", then reads until it has <paramref name="expected"/>
    /// datagrams or none came for a second, and prints its receives and the datagrams in them. Its buffer is 4 MiB
    /// (SO_RCVBUFFORCE) so that a slow reader loses little; what it holds keeps its stash entries until read.
    /// </summary>
    private static Process StartReceiver(string ns, int expected)
    {
        var info = new ProcessStartInfo("nsenter") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { $"--net=/run/netns/{ns}", "python3", "-c", $$"""
            import socket
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.setsockopt(socket.SOL_SOCKET, 33, 4 << 20)
            s.setsockopt(socket.IPPROTO_UDP, {{UdpGro}}, 1)
            s.bind(('0.0.0.0', {{StashCostPrograms.Port}}))
            print('ready', flush=True)
            receives = datagrams = 0
            s.settimeout(10)
            while datagrams < {{expected}}:
                try:
                    data, ancillary, _, _ = s.recvmsg(65535, socket.CMSG_SPACE(4))
                except socket.timeout:
                    break
                s.settimeout(1)
                receives += 1
                size = next((int.from_bytes(d[:4], 'little') for level, kind, d in ancillary if level == socket.IPPROTO_UDP and kind == {{UdpGro}}), 0)
                datagrams += -(-len(data) // size) if size else 1
            print(receives, datagrams, flush=True)
            """ })
        {
            info.ArgumentList.Add(argument);
        }

        return Process.Start(info) ?? throw new InvalidOperationException("cannot start the GRO flood's receiver");
    }

    private static ProcessResult Python(string ns, string script) =>
        Run.Command("nsenter", [$"--net=/run/netns/{ns}", "python3", "-c", script], stdin: null, TimeSpan.FromMinutes(20));
}
