using System.Buffers.Binary;
using TraitsBpf.Compiler;
using TraitsBpf.Object;
using TraitsBpf.Object.Reading;
using TraitsBpf.Loader;
using TraitsBpf.Programs.Tests.Infrastructure;
using TraitsBpf.TestSupport.Host;
using TraitsBpf.TestSupport.Kernel;
using TraitsBpf.TestSupport.Tracing;

namespace TraitsBpf.Programs.Tests.Tracing;

/// <summary>
/// The tracing programs of <see cref="SkbTracer"/> against their C twin (tests/Programs.Tests/Tracing/c/skb_tracer.bpf.c,
/// built with clang -O2 -g -target bpf and <c>preserve_access_index</c> structs): the same libbpf sections, the same
/// kernel struct BTF, the same CO-RE relocations (root type, access string, kind, and the local offset the relocated
/// instruction holds), and libbpf relocates both against this kernel's BTF and the verifier accepts them.
/// </summary>
public sealed class TracingObjectTests
{
    private static readonly string[] Programs = ["tp_consume_skb", "kp_consume_skb"];
    private static readonly Lazy<ObjectFile> Ours = new(() => ObjectReader.Read(OurObject()));
    private static readonly Lazy<ObjectFile> Twin = new(() => ObjectReader.Read(TwinObject()));

    private static byte[] OurObject() => BpfCompiler.Compile(typeof(SkbTracer).Assembly.Location, new CompilerOptions { Programs = Programs }).Object;

    private static byte[] TwinObject()
    {
        var source = Path.Combine(Repository.Root, "tests", "Programs.Tests", "Tracing", "c", "skb_tracer.bpf.c");
        var output = Path.Combine(Path.GetTempPath(), $"skb_tracer-{Guid.NewGuid():N}.o");
        try
        {
            Tool.RunClean("clang", "-O2", "-g", "-target", "bpf", "-I/usr/include/x86_64-linux-gnu", "-c", source, "-o", output);
            return File.ReadAllBytes(output);
        }
        finally
        {
            File.Delete(output);
        }
    }

    [Fact]
    public void TheProgramsAreInLibbpfsTracingSections()
    {
        Assert.Equal(["kprobe/consume_skb", "tp_btf/consume_skb"], Ours.Value.Programs.Select(p => p.SectionName).Order(StringComparer.Ordinal));
        Assert.Equal(
            Twin.Value.Programs.Select(p => $"{p.Name} {p.SectionName}").Order(StringComparer.Ordinal),
            Ours.Value.Programs.Select(p => $"{p.Name} {p.SectionName}").Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("sk_buff")]
    [InlineData("net_device")]
    public void TheKernelStructIsDescribedAsClangDescribesIt(string name)
    {
        Assert.Equal(Members(Twin.Value, name), Members(Ours.Value, name));
    }

    [Theory]
    [InlineData("tp_btf/consume_skb")]
    [InlineData("kprobe/consume_skb")]
    public void TheCoreRelocationsAreClangs(string section)
    {
        var ours = Relocations(Ours.Value, section);
        Assert.NotEmpty(ours);
        Assert.Equal(Relocations(Twin.Value, section), ours);
    }

    [Fact]
    public void LibbpfRelocatesEachAndTheVerifierAcceptsIt()
    {
        using var bpf = KernelObjects.Load(OurObject(), "skb_tracer");
        using var raw = KernelObjects.Load(BpfCompiler.Compile(typeof(SkbTracer).Assembly.Location, new CompilerOptions { Programs = ["rt_consume_skb"] }).Object, "skb_tracer_raw");
        Assert.Equal(BpfProgramType.RawTracepoint, raw.Program("rt_consume_skb").Type);
        Assert.Equal(BpfProgramType.Tracing, bpf.Program("tp_consume_skb").Type);
        Assert.Equal(BpfProgramType.Kprobe, bpf.Program("kp_consume_skb").Type);
        Assert.True(bpf.Program("tp_consume_skb").Info().Id > 0);
        Assert.True(bpf.Program("kp_consume_skb").Info().Id > 0);
    }

    /// <summary>A struct's members by name and bit offset (type ids differ between the two objects).</summary>
    private static List<string> Members(ObjectFile file, string name)
    {
        var type = file.BtfTypes.Single(t => t.Kind == "STRUCT" && t.Name == name);
        return [.. type.Text.Split('\n').Select(line => System.Text.RegularExpressions.Regex.Replace(line.Trim(), @"^\[\d+\] |type_id=\d+ ", ""))];
    }

    /// <summary>
    /// Each relocation as what it asks of libbpf, with the relocated instruction's kind and the local offset it holds:
    /// the two compilers place them at different instructions, so they are compared as sorted lists.
    /// </summary>
    private static List<string> Relocations(ObjectFile file, string section)
    {
        var code = file.FindSection(section)!.Data;
        return
        [
            .. file.CoreRelocations.Where(r => r.SectionName == section).Select(r =>
            {
                var instruction = code.Span.Slice(r.InstructionOffset * 8, 8);
                string patched = (instruction[0] & 0x07) switch
                {
                    0x01 => $"ldx off {BinaryPrimitives.ReadInt16LittleEndian(instruction[2..])}",
                    0x07 when instruction[0] == 0xb7 => $"mov imm {BinaryPrimitives.ReadInt32LittleEndian(instruction[4..])}",
                    _ => $"opcode 0x{instruction[0]:x2}",
                };
                return $"{r.TypeName} {r.AccessString} kind {r.Kind}: {patched}";
            }).Order(StringComparer.Ordinal),
        ];
    }
}
