using TraitsBpf.Cli.Output;
using TraitsBpf.Loader;
using TraitsBpf.Loader.Attach;
using TraitsBpf.Loader.Kernel;

namespace TraitsBpf.Cli.Verbs;

/// <summary>Loads, attaches and pins; on any failure nothing stays attached or pinned.</summary>
public sealed class LoadCommand : CliCommand<LoadOptions>
{
    /// <inheritdoc/>
    protected override ExitCode Execute(LoadOptions options, CliContext context)
    {
        if (options.Tc is not null && options.XdpMode is not null)
            throw new LoaderException(LoaderErrorKind.InvalidArgument, "--xdp-mode applies to XDP, not to --tc");
        var hook = options.Tc switch
        {
            TcDirection.Ingress => AttachHook.TcIngress,
            TcDirection.Egress => AttachHook.TcEgress,
            _ => AttachHook.Xdp,
        };
        var target = new AttachTarget(options.Interface, hook, options.XdpMode ?? XdpMode.Native);
        var settings = options.Set.Select(ParseSetting).ToList();

        Capabilities.Require("traitsbpf load", bpf: true, netAdmin: true);
        NetworkInterfaces.IndexOf(options.Interface);
        var image = context.Sources.Configure(options.Traits, options.Program).Read(options.Object, context.Logger);
        using var obj = BpfObject.OpenMemory(image.Elf, image.Name, image.Origin);
        var program = ProgramSelector.Select(obj, options.Program, p => target.Accepts(p.Type), hook == AttachHook.Xdp ? "of type XDP" : "of type TC (SchedCls)");
        ProgramSelector.LoadOnly(obj, program);
        foreach (var (name, value) in settings)
            obj.SetConstant(name, value);
        var traits = ObjectTraits.Prepare(image, obj, program, context);
        obj.Load();

        // From here until the report is printed, Ctrl-C waits: it must not split an attach in half.
        using var shield = new SignalShield();
        var record = context.Attachments.Attach(obj, program, target, new AttachOptions(options.Name, options.Replace, options.Object, traits?.ToRecord()));
        var how = AttachmentDescription.Placement(record, ", ");
        context.Out.WriteLine($"{(options.Replace ? "attached (replacing)" : "attached")} program '{record.Program}' (id {record.ProgramId}) to {record.Interface} at {target.HookName} ({how}) as '{record.Name}'");
        context.Out.WriteLine($"pins: {Path.Combine(context.Attachments.Root, record.Name)}");
        if (traits is not null)
            context.Out.WriteLine($"traits: {traits.Summary}");
        return ExitCode.Success;
    }

    private static (string Name, string Value) ParseSetting(string setting)
    {
        var equals = setting.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
            throw new LoaderException(LoaderErrorKind.InvalidArgument, $"--set takes NAME=VALUE, got '{setting}'");
        return (setting[..equals], setting[(equals + 1)..]);
    }
}
