using TraitsBpf.Samples;

namespace TraitsBpf.Differential.Tests.Samples;

/// <summary>
/// The one place with knowledge of particular samples: what each needs so that its managed run,
/// its compiled run and its C twin's run can be compared byte for byte. A sample not listed here
/// needs nothing.
/// </summary>
public static class SampleSetups
{
    private static readonly Dictionary<Type, SampleSetup> Setups = new()
    {
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
