using System.Text.Json;
using TraitsBpf.Cli.Output;
using TraitsBpf.Loader;
using TraitsBpf.Loader.Kernel;
using TraitsBpf.Loader.Loading;

namespace TraitsBpf.Cli.Verbs;

/// <summary>Test-runs a program from an object (loaded just for the run) or from a pin.</summary>
public sealed class RunCommand : CliCommand<RunOptions>
{
    private const int MaximumPacket = 65535;

    /// <inheritdoc/>
    protected override ExitCode Execute(RunOptions options, CliContext context)
    {
        if (options.Repeat < 1)
            throw new LoaderException(LoaderErrorKind.InvalidArgument, $"--repeat must be at least 1, got {options.Repeat}");
        if (options.PacketHex is null && options.PacketFile is null)
            throw new LoaderException(LoaderErrorKind.InvalidArgument, "run needs the packet: --packet FILE or --hex HEX");
        Capabilities.Require("traitsbpf run", bpf: true, netAdmin: false);
        var packet = ReadPacket(options);

        TestRunResult result;
        IBpfProgram program;
        if (IsPin(options.Target))
        {
            if (options.Program is not null)
                throw new LoaderException(LoaderErrorKind.InvalidArgument, "--program selects a program in an object; a pin is a single program");
            using var pinned = PinnedProgram.Open(options.Target);
            program = pinned;
            RequirePacketProgram(pinned);
            result = pinned.TestRun(packet, options.Repeat);
        }
        else
        {
            var sources = context.Sources.Configure(TraitsChoice.Auto, options.Program);
            using var loaded = new LoadSequence(context.Attachments, context.Logger)
                .Run(new LoadRequest(() => sources.Read(options.Target, context.Logger)) { Program = options.Program });
            program = loaded.Program;
            RequirePacketProgram(program);
            result = loaded.Program.TestRun(packet, options.Repeat);
        }

        var report = new RunReport(program.Name, program.Type.ToString(), result.ReturnValue, ActionNames.Describe(program.Type, result.ReturnValue),
            Hex.Format(result.DataOut), result.DurationNs, options.Repeat);
        if (options.Json)
        {
            context.Out.WriteLine(JsonSerializer.Serialize(report, CliJsonContext.Default.RunReport));
            return ExitCode.Success;
        }
        context.Out.WriteLine($"program:  {report.Program} ({report.Type})");
        context.Out.WriteLine($"action:   {report.Action} ({report.ReturnValue})");
        context.Out.WriteLine($"packet:   {report.PacketOut} ({result.DataOut.Length} bytes{(result.DataOut.AsSpan().SequenceEqual(packet) ? ", unchanged" : ", modified")})");
        context.Out.WriteLine($"time:     {report.DurationNs} ns per run ({report.Repeat} run{(report.Repeat == 1 ? "" : "s")})");
        return ExitCode.Success;
    }

    /// <summary>BPF_PROG_TEST_RUN over a packet is for packet programs; a tracing program is refused before the kernel answers EFAULT or ENOTSUPP.</summary>
    private static void RequirePacketProgram(IBpfProgram program)
    {
        if (program.Type is BpfProgramType.Tracing or BpfProgramType.Kprobe or BpfProgramType.RawTracepoint)
            throw new LoaderException(LoaderErrorKind.InvalidArgument,
                $"program '{program.Name}' is a tracing program ({program.Type}): run feeds packets to XDP, TC and socket programs; attach it with `traitsbpf load` without --iface, or call its C# method in a unit test");
    }

    private static bool IsPin(string path) => File.Exists(path) && BpfFsMount.IsOnBpfFs(path);

    private static byte[] ReadPacket(RunOptions options)
    {
        byte[] packet;
        if (options.PacketHex is not null)
        {
            packet = Hex.Parse(options.PacketHex, "the --hex packet");
        }
        else
        {
            var path = options.PacketFile!;
            if (!File.Exists(path))
                throw new LoaderException(LoaderErrorKind.FileNotFound, $"packet file '{path}' does not exist");
            if (new FileInfo(path).Length > MaximumPacket)
                throw new LoaderException(LoaderErrorKind.InvalidArgument, $"packet file '{path}' is larger than {MaximumPacket} bytes");
            packet = File.ReadAllBytes(path);
        }
        if (packet.Length == 0)
            throw new LoaderException(LoaderErrorKind.InvalidArgument, "the packet is empty");
        if (packet.Length > MaximumPacket)
            throw new LoaderException(LoaderErrorKind.InvalidArgument, $"the packet is {packet.Length} bytes; at most {MaximumPacket} can be run");
        return packet;
    }
}
