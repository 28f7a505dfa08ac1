using TraitsBpf.Loader;
using TraitsBpf.Samples;

// counter-reader IFACE [SECONDS]: attaches the packet counter at XDP on IFACE (generic mode, so any
// device will do), prints its counters once a second, and detaches when SECONDS have passed or on Ctrl-C.
if (args.Length is < 1 or > 2 || (args.Length == 2 && !int.TryParse(args[1], out _)))
{
    Console.Error.WriteLine("usage: CounterReader IFACE [SECONDS]");
    return 2;
}

var iface = args[0];
var seconds = args.Length == 2 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : int.MaxValue;
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

try
{
    using var skeleton = PacketCounterSkeleton.Open();
    skeleton.Load();
    using var attachment = skeleton.XdpCounter.Attach(iface, TraitsBpf.Loader.Attach.XdpMode.Generic);
    Console.WriteLine($"attached {attachment}");
    for (var elapsed = 0; elapsed < seconds && !stop.IsCancellationRequested; elapsed++)
    {
        stop.Token.WaitHandle.WaitOne(TimeSpan.FromSeconds(1));
        var counters = skeleton.Counters;
        var families = skeleton.Families;
        families.TryGetValues(PacketCounter.IPv4, out var ipv4PerCpu);
        Console.WriteLine(
            $"packets {counters[PacketCounter.AllPackets]} bytes {counters[PacketCounter.AllBytes]} " +
            $"udp4 {counters[PacketCounter.Udp4]} icmp4 {counters[PacketCounter.Icmp4]} ipv4 {ipv4PerCpu.Aggregate(0UL, (sum, n) => sum + n)}");
    }
    return 0;
}
catch (LoaderException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}
