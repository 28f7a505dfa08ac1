using TraitsBpf.Cli.Output;
using TraitsBpf.Loader;
using TraitsBpf.Loader.Attach;
using TraitsBpf.Loader.Kernel;
using TraitsBpf.Loader.Loading;

namespace TraitsBpf.Cli.Verbs;

/// <summary>Loads, attaches and pins; on any failure nothing stays attached or pinned.</summary>
public sealed class LoadCommand : CliCommand<LoadOptions>
{
    /// <inheritdoc/>
    protected override ExitCode Execute(LoadOptions options, CliContext context)
    {
        if (options.Tc is not null && options.XdpMode is not null)
            throw new LoaderException(LoaderErrorKind.InvalidArgument, "--xdp-mode applies to XDP, not to --tc");
        if (options.Tc is not null && options.Priority is not null)
            throw new LoaderException(LoaderErrorKind.InvalidArgument, "--priority is a place in libxdp's XDP dispatcher, not in --tc");
        var hook = options.Tc switch
        {
            TcDirection.Ingress => AttachHook.TcIngress,
            TcDirection.Egress => AttachHook.TcEgress,
            _ => AttachHook.Xdp,
        };
        var cgroup = options.Cgroup is not null;
        if (cgroup && (options.Interface.Length > 0 || options.Tc is not null || options.XdpMode is not null || options.Priority is not null
            || options.Before is not null || options.After is not null))
            throw new LoaderException(LoaderErrorKind.InvalidArgument, "--cgroup attaches to a cgroup, not to an interface: --iface, --tc, --xdp-mode, --priority, --before and --after do not apply");
        var tracing = !cgroup && options.Interface.Length == 0;
        if (tracing && (options.Tc is not null || options.XdpMode is not null))
            throw new LoaderException(LoaderErrorKind.InvalidArgument, "--tc and --xdp-mode attach to an interface: say which with --iface");
        if (tracing && (options.Priority is not null || options.Before is not null || options.After is not null))
            throw new LoaderException(LoaderErrorKind.InvalidArgument, "--priority, --before and --after place a program on an interface's hook: say which with --iface");
        if (options.Priority is < 0)
            throw new LoaderException(LoaderErrorKind.InvalidArgument, $"--priority is 0 or more (lower runs first), got {options.Priority}");
        if (options.Before is not null && options.After is not null)
            throw new LoaderException(LoaderErrorKind.InvalidArgument, "--before and --after cannot both be given");
        var placement = options.Before is { } before ? new TcxPlacement(true, before) : options.After is { } after ? new TcxPlacement(false, after) : null;
        if (placement is not null && options.Tc is null)
            throw new LoaderException(LoaderErrorKind.InvalidArgument, $"{(placement.Before ? "--before" : "--after")} orders tcx programs: it needs --tc");
        var target = cgroup ? AttachTarget.ForCgroup(options.Cgroup!) : tracing ? AttachTarget.Tracing : new AttachTarget(options.Interface, hook, options.XdpMode ?? XdpMode.Native) { XdpPriority = (uint?)options.Priority, TcxPlacement = placement };
        var settings = options.Set.Select(ParseSetting).ToList();
        var slots = options.Slot.Select(MapSlotSetting.Parse).ToList();

        Capabilities.Require("traitsbpf load", bpf: true, netAdmin: true);
        var sources = context.Sources.Configure(options.Traits, options.Program, slots.Select(slot => slot.Program).OfType<string>().Distinct());
        using var loaded = new LoadSequence(context.Attachments, context.Logger).Run(new LoadRequest(() => sources.Read(options.Object, context.Logger))
        {
            Program = options.Program,
            Constants = settings,
            Slots = slots,
            MapPinRoot = options.PinRoot ?? options.MapPinRoot,
            Target = target,
            Name = options.Name,
            Replace = options.Replace,
            // Until the report is printed, Ctrl-C waits: it must not split an attach in half.
            Shield = () => new SignalShield(),
        });
        var record = loaded.Record!;
        var traits = loaded.Traits;
        var how = AttachmentDescription.Placement(record, ", ");
        var where = tracing ? $"{record.Interface} ({how})" : $"{record.Interface} at {AttachTarget.NameOf(record)} ({how})";
        context.Out.WriteLine($"{(options.Replace ? "attached (replacing)" : "attached")} program '{record.Program}' (id {record.ProgramId}) to {where} as '{record.Name}'");
        context.Out.WriteLine($"pins: {Path.Combine(context.Attachments.Root, record.Name)}");
        if (loaded.Binding is { } binding)
            context.Out.WriteLine($"device: {binding.Summary}");
        foreach (var map in loaded.Object.Maps.Where(m => m.PinPath is not null))
            context.Out.WriteLine($"map '{map.Name}' pinned by name at {map.PinPath} (shared with later loads; detach leaves it)");
        if (traits is not null)
            context.Out.WriteLine($"traits: {traits.Summary}");
        // The first stash program on a host brings the reaper that empties the stash as sk_buffs are freed.
        if (loaded.Object.Maps.Any(m => m.Name == Abi.TraitStashFormat.MapName) && !Abi.TraitStashFormat.ReaperPrograms.Contains(record.Program))
        {
            var reaped = new Sources.StashReaperInstaller(context.Attachments, context.Logger).Ensure();
            if (reaped.Count > 0)
                context.Out.WriteLine($"stash reaper: attached {string.Join(" and ", reaped)} (tp_btf/consume_skb, tp_btf/kfree_skb)");
        }
        return ExitCode.Success;
    }

    private static KeyValuePair<string, string> ParseSetting(string setting)
    {
        var equals = setting.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
            throw new LoaderException(LoaderErrorKind.InvalidArgument, $"--set takes NAME=VALUE, got '{setting}'");
        return new(setting[..equals], setting[(equals + 1)..]);
    }
}
