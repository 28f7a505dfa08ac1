using TraitsBpf.Loader.Attach;
using TraitsBpf.Loader.Kernel;

namespace TraitsBpf.Loader.Loading;

/// <summary>
/// An XDP program that reads receive metadata (the <c>bpf_xdp_metadata_*</c> kfuncs) is bound, when it
/// loads, to the one device whose driver answers them: the kernel refuses to load it unbound, test-runs
/// no bound program, and attaches it only to that device, in native mode.
/// </summary>
/// <param name="Interface">The interface the program is bound to.</param>
/// <param name="Call">The first metadata kfunc call, the reason for the binding.</param>
public sealed record DeviceBinding(string Interface, KfuncCall Call)
{
    /// <summary>The prefix of the kernel's XDP receive-metadata kfuncs.</summary>
    public const string MetadataKfuncPrefix = "bpf_xdp_metadata_";

    /// <summary>For the load report: <c>bound to veth0 (it calls bpf_xdp_metadata_rx_hash at Rx.cs:12)</c>.</summary>
    public string Summary => $"bound to {Interface} (it calls {Call.Name}{At(Call)})";

    /// <summary>
    /// Binds <paramref name="program"/> to <paramref name="target"/>'s interface when one of <paramref name="calls"/>
    /// reads receive metadata; null when none does.
    /// </summary>
    /// <exception cref="LoaderException">The program cannot be bound as asked: no interface (a test run), generic mode, or a shared hook.</exception>
    internal static DeviceBinding? Apply(BpfProgram program, IReadOnlyList<KfuncCall> calls, AttachTarget? target, bool sharedHook, string owner)
    {
        var call = calls.FirstOrDefault(c => c.Name.StartsWith(MetadataKfuncPrefix, StringComparison.Ordinal));
        if (call is null)
            return null;
        var reason = $"{owner} reads receive metadata with {call.Name}{At(call)}, so it is bound to one device when it loads";
        if (target is null)
            throw new LoaderException(LoaderErrorKind.Unsupported,
                $"{reason}, and the kernel cannot test-run a device-bound program; attach it to an interface with 'traitsbpf load OBJECT --iface IFACE' and send it packets");
        if (target.Hook != AttachHook.Xdp)
            throw new LoaderException(LoaderErrorKind.InvalidArgument, $"{reason}; only XDP programs read receive metadata, so attach it with --xdp");
        if (target.XdpMode == XdpMode.Generic)
            throw new LoaderException(LoaderErrorKind.InvalidArgument,
                $"{reason}, and a device-bound program runs only in the driver; drop --xdp-mode generic");
        if (sharedHook)
            throw new LoaderException(LoaderErrorKind.Unsupported,
                $"{reason}, and {target.Interface}'s XDP hook is shared through libxdp's dispatcher, which is not bound to the device and so cannot run it; detach the other programs or load this one on another interface");
        var ifindex = NetworkInterfaces.IndexOf(target.Interface);
        RequireDriverSupport(calls, target.Interface, ifindex, owner);
        program.BindToDevice(ifindex);
        return new DeviceBinding(target.Interface, call);
    }

    /// <summary>
    /// Refuses a device whose driver does not implement a metadata kfunc the program calls: the kernel would load the
    /// program and the call would return -EOPNOTSUPP on every packet. A kernel that cannot say (no netdev netlink
    /// family) is trusted.
    /// </summary>
    private static void RequireDriverSupport(IReadOnlyList<KfuncCall> calls, string iface, int ifindex, string owner)
    {
        if (NetdevFamily.RxMetadataFeatures(ifindex) is not { } features)
            return;
        foreach (var call in calls)
        {
            var needed = call.Name switch
            {
                "bpf_xdp_metadata_rx_timestamp" => XdpRxMetadataFeatures.Timestamp,
                "bpf_xdp_metadata_rx_hash" => XdpRxMetadataFeatures.Hash,
                "bpf_xdp_metadata_rx_vlan_tag" => XdpRxMetadataFeatures.VlanTag,
                _ => XdpRxMetadataFeatures.None,
            };
            if (needed != XdpRxMetadataFeatures.None && !features.HasFlag(needed))
                throw new LoaderException(LoaderErrorKind.Unsupported,
                    $"{owner} calls {call.Name}{At(call)}, which {iface}'s driver does not implement (it gives XDP {Describe(features)}), so the call would return -EOPNOTSUPP on every packet; attach it to an interface whose driver gives that metadata (veth gives all three)");
        }
    }

    private static string Describe(XdpRxMetadataFeatures features) =>
        features == XdpRxMetadataFeatures.None ? "no receive metadata" : $"only {features.ToString().ToLowerInvariant()}";

    private static string At(KfuncCall call) => call.Source is null ? "" : $" at {call.Source}";
}
