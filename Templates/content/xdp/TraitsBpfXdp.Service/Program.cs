using TraitsBpf.Loader;
using TraitsBpf.Loader.Attach;
using TraitsBpfXdp;

// TraitsBpfXdp.Service IFACE (as root): loads udp_port_filter through the skeleton that TraitsBpf.Build
// generated from the TraitsBpfXdp project, attaches it at XDP on IFACE, and when standard input ends
// (Ctrl-D) prints how many datagrams it dropped and detaches. The attachment belongs to this process:
// if it dies, the kernel detaches the program.
if (args.Length != 1)
{
    Console.Error.WriteLine("usage: TraitsBpfXdp.Service IFACE");
    return 2;
}

try
{
    using var skeleton = UdpPortFilterSkeleton.Open();
    skeleton.Load();
    using var attachment = skeleton.UdpPortFilter.Attach(args[0], XdpMode.Native);
    Console.WriteLine($"attached {attachment}; dropping UDP to port {skeleton.BlockedPort.Value} until standard input ends");
    Console.In.ReadToEnd();
    Console.WriteLine($"dropped {skeleton.Dropped[0]}");
    return 0;
}
catch (LoaderException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}
