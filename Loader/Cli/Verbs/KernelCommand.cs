using System.Text.Json;
using TraitsBpf.Cli.Output;
using TraitsBpf.Loader.Kernel;
using TraitsBpf.Loader.Traits;

namespace TraitsBpf.Cli.Verbs;

/// <summary>Reports the running kernel's BPF features from its BTF; needs no privileges.</summary>
public sealed class KernelCommand : CliCommand<KernelOptions>
{
    /// <inheritdoc/>
    protected override ExitCode Execute(KernelOptions options, CliContext context)
    {
        var features = KernelFeatures.Current;
        var report = new KernelReport(features.Release, features.HasBtf, features.TraitKfuncs, features.TraitsBackend,
            features.XdpLinks, features.TcxLinks, BpfFsMount.IsMounted, SocketTraitsProbe.IsSupported(),
            Capabilities.VerifierPrivileged() ? FreplaceSupport.RefusalErrno == 0 ? "yes" : "refused" : null,
            Cgroup2Support.IsSupported, Cgroup2Support.MountPoints(),
            KernelFeatures.CurrentVmlinuxNamesAll(Abi.TraitKfuncs.SockAddr), KernelFeatures.CurrentVmlinuxNamesAll(Abi.TraitKfuncs.SockAddrControlMessages));
        if (options.Json)
        {
            context.Out.WriteLine(JsonSerializer.Serialize(report, CliJsonContext.Default.KernelReport));
            return ExitCode.Success;
        }

        var output = context.Out;
        output.WriteLine($"kernel:        {report.Release}");
        output.WriteLine($"btf:           {(report.Btf ? $"yes ({KernelFeatures.VmlinuxBtfPath})" : "no (trait kfuncs and link support inferred from the release)")}");
        output.WriteLine($"traits:        {report.TraitsBackend} backend ({(report.TraitsBackend == Abi.TraitsBackendNames.Kfunc ? "the kernel has the trait kfuncs" : "trait kfuncs absent; traits travel in the XDP metadata area")})");
        foreach (var (name, present) in report.TraitKfuncs)
            output.WriteLine($"  {name,-18} {(present ? "present" : "absent")}");
        output.WriteLine($"stash:         {(KernelFeatures.CurrentSupportsStash() ? "available (bpf_cast_to_kern_ctx, tp_btf on consume_skb and kfree_skb): --traits stash keeps sk_buffs' traits in a host-wide map" : "unavailable (needs bpf_cast_to_kern_ctx and tp_btf, Linux 6.2+)")}");
        if (HostBackend(context) is { } host)
            output.WriteLine($"in force:      {Abi.TraitsBackendNames.Of(host.Backend)} backend on this host (chosen by {host.RecordedBy}; traitsbpf traits shows more)");
        output.WriteLine($"xdp bpf_link:  {(report.XdpLinks ? "yes (traitsbpf attaches XDP through links)" : "no (traitsbpf attaches XDP over netlink)")}");
        output.WriteLine($"tcx links:     {(report.TcxLinks ? "yes (traitsbpf attaches TC through tcx links)" : "no (traitsbpf attaches TC as clsact cls_bpf filters)")}");
        output.WriteLine($"socket traits: {(report.SocketTraits ? "yes (SOL_BPF SO_BPF_TRAITS: services receive their packets' traits, TraitsBpf.Net)" : "no (no SOL_BPF SO_BPF_TRAITS: the TraitsBpf kernel series passes traits to sockets)")}");
        output.WriteLine($"cgroup traits: {(report.SockAddrTraits ? "yes (bpf_sock_addr_trait_*: cgroup/sendmsg programs give the datagrams they see traits, cgroup/recvmsg programs read them)" : "no (no bpf_sock_addr_trait_* kfuncs: the TraitsBpf kernel series lets cgroup sendmsg and recvmsg programs reach traits)")}");
        output.WriteLine($"cgroup cmsgs:  {(report.SockAddrControlMessages ? "yes (bpf_sock_addr_put_cmsg, bpf_sock_addr_cmsg_read: cgroup/recvmsg programs change the traits a read returns and put control messages beside them, cgroup/sendmsg programs read the sender's)" : "no (no bpf_sock_addr_put_cmsg: the TraitsBpf kernel series lets cgroup recvmsg programs put control messages and sendmsg programs read them)")}");
        output.WriteLine($"freplace:      {report.Freplace switch
        {
            "yes" => "yes (load joins another tool's libxdp XDP dispatcher)",
            "refused" => $"refused ({Errno(FreplaceSupport.RefusalErrno)}): no libxdp XDP dispatcher can run here, so load beside another tool's XDP program fails",
            _ => "unknown (probing it needs root)",
        }}");
        output.WriteLine($"cgroup v2:     {(!report.CgroupV2 ? "no (load --cgroup needs a cgroup v2 directory)"
            : report.CgroupV2Mounts is [var first, ..] ? $"yes, mounted at {first} (load --cgroup attaches socket-address programs to its directories)"
            : "yes, not mounted here (mount -t cgroup2 none DIR, then load --cgroup DIR/...)")}");
        output.WriteLine($"bpffs:         {(report.BpfFsMounted ? "mounted at /sys/fs/bpf" : "not mounted (traitsbpf mounts it at /sys/fs/bpf on first load)")}");
        return ExitCode.Success;
    }

    /// <summary>The host's recorded traits backend; null when none is recorded or this process may not read the pin root (kernel needs no privileges).</summary>
    private static HostBackendRecord? HostBackend(CliContext context)
    {
        try
        {
            return new HostTraitBackend(context.Logger).Read();
        }
        catch (Exception e) when (e is Loader.LoaderException or UnauthorizedAccessException or IOException)
        {
            return null;
        }
    }

    private static string Errno(int errno) => System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(errno);
}
