using TraitsBpf.Samples;

namespace TraitsBpf.Differential.Tests.Samples;

/// <summary>
/// The one place with knowledge of particular samples: what each needs so that its managed run,
/// its compiled run and its C twin's run can be compared byte for byte. A sample not listed here
/// needs nothing.
/// </summary>
public static class SampleSetups
{
    /// <summary>
    /// Keys for the demo's named traits, the same on every side: small keys, not the registry's
    /// 63 downwards, so a key variable left unset (64, an invalid key) cannot pass for one.
    /// </summary>
    private static readonly Dictionary<string, int> DemoTraitKeys = new()
    {
        ["packet_id"] = 5,
        ["received_ns"] = 6,
        ["traffic_class"] = 7,
    };

    private static readonly Dictionary<Type, SampleSetup> Setups = new()
    {
        [typeof(UdpSendPolicy)] = new SampleSetup
        {
            Reason = "BPF_PROG_TEST_RUN cannot run cgroup sock_addr programs (ENOTSUPP): ours and the C twin are compared as objects "
                + "(program type, maps, constants) and both loaded through the verifier; the behaviour in the kernel is "
                + "Loader.Tests' CgroupAttachTests, which attaches the sample to a cgroup and sends datagrams",
        },

        [typeof(TrafficTagger)] = new SampleSetup
        {
            TraitKeys = DemoTraitKeys,
            ClockTraits = ["received_ns"],
            XdpTraitStoreInMetadata = true,

            // A rule for a port the corpus uses often, one for each protocol without a port (also
            // what a truncated TCP or UDP header looks up), so both the map and the defaults decide classes.
            MapEntries =
            [
                MapEntry.Of(nameof(TrafficTagger.Rules), new TrafficTagger.ClassRule { Protocol = IpProtocol.Udp, DestinationPort = 53 }, 9u),
                MapEntry.Of(nameof(TrafficTagger.Rules), new TrafficTagger.ClassRule { Protocol = IpProtocol.Tcp, DestinationPort = 443 }, 10u),
                MapEntry.Of(nameof(TrafficTagger.Rules), new TrafficTagger.ClassRule { Protocol = IpProtocol.Tcp }, 11u),
                MapEntry.Of(nameof(TrafficTagger.Rules), new TrafficTagger.ClassRule { Protocol = IpProtocol.Icmp }, 12u),
            ],
            Reason = "trait keys 5, 6, 7 on every side; the store in the metadata area is compared with managed execution's, receive times masked; four class rules",
        },
        [typeof(TrafficReader)] = new SampleSetup
        {
            TraitKeys = DemoTraitKeys,
            Reason = "trait keys 5, 6, 7 on every side; BPF_PROG_TEST_RUN gives a TC program no metadata, so every side finds no traits on any packet",
        },
        [typeof(ReplyCounter)] = new SampleSetup
        {
            TraitKeys = new Dictionary<string, int> { ["packet_id"] = 5 },
            Reason = "trait key 5 on every side; BPF_PROG_TEST_RUN gives a TC program no metadata, so every side counts every packet as leaving without an id",
        },
        [typeof(RateLimiter)] = new SampleSetup
        {
            // Managed time advances 1 µs per reading, so a 1 s window never ends during a corpus; the
            // kernel's real clock could end one on a slow machine. A window no run reaches keeps the
            // two in step without changing the program.
            Constants = new Dictionary<string, string> { ["WindowNs"] = ulong.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            ClockFields = [new ClockField(nameof(RateLimiter.Buckets), Offset: 8)],
            Reason = "the window is set beyond any run in the kernel objects; bucket refill times are clock readings",
        },
        [typeof(SynExporter)] = new SampleSetup
        {
            ClockFields = [new ClockField(nameof(SynExporter.Events), Offset: 24)],
            Reason = "event timestamps are clock readings",
        },
        [typeof(ProtocolDispatcher)] = new SampleSetup
        {
            TailCalls =
            [
                new TailCallSlot(nameof(ProtocolDispatcher.Handlers), ProtocolDispatcher.TcpSlot, "handle_tcp"),
                new TailCallSlot(nameof(ProtocolDispatcher.Handlers), ProtocolDispatcher.UdpSlot, "handle_udp"),
            ],
            Reason = "the handlers fill their slots as the loader fills them; the ICMP slot stays empty",
        },
    };

    /// <summary>The setup of the class that declares <paramref name="program"/>.</summary>
    public static SampleSetup For(SampleProgram program) => Setups.GetValueOrDefault(program.SampleClass, SampleSetup.None);
}
