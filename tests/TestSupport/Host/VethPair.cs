namespace TraitsBpf.TestSupport.Host;

/// <summary>
/// Two throwaway network namespaces joined by a veth pair: the sender side
/// (<see cref="SenderAddress"/>) and the receiver side where programs are attached.
/// Disposing deletes both namespaces (and with them the veths) and any pins the test
/// named, whether the test passed or not.
/// </summary>
public sealed class VethPair : IDisposable
{
    public const string SenderAddress = "10.201.0.1";
    public const string ReceiverAddress = "10.201.0.2";
    private const string PinRoot = "/sys/fs/bpf/traitsbpf";

    private readonly List<string> _attachmentNames = [];

    /// <summary>Creates the namespaces and the pair, named <paramref name="prefix"/> and a unique suffix (see <see cref="UniqueName"/>).</summary>
    public VethPair(string prefix = "tb")
    {
        Privileges.RequireRoot();
        Run.RequireTool("ip");
        Run.RequireTool("nsenter");
        Id = UniqueName.Next(prefix);
        SenderNamespace = Id + "s";
        ReceiverNamespace = Id + "r";
        SenderInterface = Id + "s";
        ReceiverInterface = Id + "r";
        try
        {
            Ip("netns", "add", SenderNamespace);
            Ip("netns", "add", ReceiverNamespace);
            Ip("link", "add", SenderInterface, "type", "veth", "peer", "name", ReceiverInterface);
            Ip("link", "set", SenderInterface, "netns", SenderNamespace);
            Ip("link", "set", ReceiverInterface, "netns", ReceiverNamespace);
            Ip("-n", SenderNamespace, "addr", "add", SenderAddress + "/24", "dev", SenderInterface);
            Ip("-n", ReceiverNamespace, "addr", "add", ReceiverAddress + "/24", "dev", ReceiverInterface);
            Ip("-n", SenderNamespace, "link", "set", SenderInterface, "up");
            Ip("-n", ReceiverNamespace, "link", "set", ReceiverInterface, "up");
            Ip("-n", SenderNamespace, "link", "set", "lo", "up");
            Ip("-n", ReceiverNamespace, "link", "set", "lo", "up");
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string Id { get; }

    public string SenderNamespace { get; }

    public string ReceiverNamespace { get; }

    public string SenderInterface { get; }

    public string ReceiverInterface { get; }

    /// <summary>An attachment name unique to this test; its pins are removed on dispose if the test left them.</summary>
    public string AttachmentName(string suffix)
    {
        var name = $"{Id}-{suffix}";
        _attachmentNames.Add(name);
        return name;
    }

    /// <summary>Also clean up the pins of the default name traitsbpf gives attachments on the receiver.</summary>
    public string DefaultAttachmentName(string hook)
    {
        var name = $"{ReceiverInterface}-{hook}";
        _attachmentNames.Add(name);
        return name;
    }

    /// <summary>Runs traitsbpf in the receiver's namespace.</summary>
    public ProcessResult Traitsbpf(params string[] args) => Host.Traitsbpf.RunIn(ReceiverNamespace, args);

    /// <summary>Pings the receiver from the sender; returns how many replies came back.</summary>
    public int Ping(int count)
    {
        var result = Run.Command("nsenter", $"--net=/run/netns/{SenderNamespace}", "ping", "-c", count.ToString(), "-i", "0.2", "-W", "1", ReceiverAddress);
        var summary = result.Stdout.Split('\n').FirstOrDefault(l => l.Contains("received", StringComparison.Ordinal)) ?? "";
        var parts = summary.Split(',', StringSplitOptions.TrimEntries);
        return parts.Length > 1 ? int.Parse(parts[1].Split(' ')[0]) : 0;
    }

    /// <summary>Sets the MTU of both ends of the pair.</summary>
    public void SetMtu(int mtu)
    {
        Ip("-n", SenderNamespace, "link", "set", SenderInterface, "mtu", mtu.ToString());
        Ip("-n", ReceiverNamespace, "link", "set", ReceiverInterface, "mtu", mtu.ToString());
    }

    /// <summary>Sends <paramref name="count"/> UDP datagrams from the sender to the receiver's <paramref name="port"/>.</summary>
    public void SendUdp(int count, int port)
    {
        // Resolve the neighbour first so that every datagram goes out rather than waiting on ARP.
        Ping(1);
        Run.Command("nsenter", $"--net=/run/netns/{SenderNamespace}", "bash", "-c",
            $"for i in $(seq {count}); do echo traitsbpf-$i > /dev/udp/{ReceiverAddress}/{port}; done").EnsureSuccess();
    }

    /// <summary>`ip -d link show` of the receiving interface.</summary>
    public string ReceiverLink() => Run.Command("ip", "-n", ReceiverNamespace, "-d", "link", "show", "dev", ReceiverInterface).EnsureSuccess().Stdout;

    /// <summary>
    /// The receiving interface's XDP attach mode from `ip -j -d link show`: 1 driver (native),
    /// 2 generic (skb), 3 offloaded; 0 when no XDP program is attached.
    /// </summary>
    public int ReceiverXdpMode()
    {
        var json = Run.Command("ip", "-n", ReceiverNamespace, "-j", "-d", "link", "show", "dev", ReceiverInterface).EnsureSuccess().Stdout;
        var link = System.Text.Json.JsonDocument.Parse(json).RootElement[0];
        return link.TryGetProperty("xdp", out var xdp) && xdp.TryGetProperty("mode", out var mode) ? mode.GetInt32() : 0;
    }

    /// <summary>`tc qdisc show` of the receiving interface.</summary>
    public string ReceiverQdiscs() => Run.Command("tc", "-n", ReceiverNamespace, "qdisc", "show", "dev", ReceiverInterface).EnsureSuccess().Stdout;

    /// <summary>`tc filter show` of one clsact direction of the receiving interface ("" when there is no clsact).</summary>
    public string ReceiverFilters(string direction) => Run.Command("tc", "-n", ReceiverNamespace, "filter", "show", "dev", ReceiverInterface, direction).Stdout;

    /// <summary>Runs `tc` against the receiver's namespace, as another tool would.</summary>
    public ProcessResult Tc(params string[] arguments) => Run.Command("tc", ["-n", ReceiverNamespace, .. arguments], stdin: null);

    /// <summary>Runs `ip` against the receiver's namespace, as another tool would.</summary>
    public ProcessResult IpInReceiver(params string[] arguments) => Run.Command("ip", ["-n", ReceiverNamespace, .. arguments], stdin: null);

    public static bool Pinned(string attachment) => Directory.Exists(Path.Combine(PinRoot, attachment));

    public void Dispose()
    {
        Run.Command("ip", "netns", "del", SenderNamespace);
        Run.Command("ip", "netns", "del", ReceiverNamespace);
        foreach (var name in _attachmentNames)
        {
            var directory = Path.Combine(PinRoot, name);
            if (Directory.Exists(directory))
                Directory.Delete(directory, recursive: true);
        }
    }

    private static void Ip(params string[] arguments) => Run.Command("ip", arguments).EnsureSuccess();
}
