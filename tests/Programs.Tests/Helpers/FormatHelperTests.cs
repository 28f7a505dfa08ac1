using TraitsBpf.Compiler;
using TraitsBpf.Compiler.Diagnostics;
using TraitsBpf.Programs.Tests.Infrastructure;
using TraitsBpf.Programs.Tests.Samples;

namespace TraitsBpf.Programs.Tests.Helpers;

/// <summary>
/// bpf_snprintf and bpf_trace_vprintk: on random numbers (small, negative, at the 32- and 64-bit edges), three formats with
/// flags, widths, 32- and 64-bit conversions and characters, into a whole and a truncated buffer, the kernel's test run
/// and managed execution write the same bytes and return the same lengths; a pointer conversion and too few arguments,
/// which the kernel refuses, are refused at their line.
/// </summary>
public sealed class FormatHelperTests
{
    private static readonly long[] Edges = [0, 1, -1, 7, 42, -42, int.MaxValue, int.MinValue, uint.MaxValue, long.MaxValue, long.MinValue, 0x41, 0x7A, 0x1234_5678_9ABC];

    [Fact]
    public void The_kernel_and_managed_execution_format_alike()
    {
        using var programs = new CompiledAssembly(typeof(FormatHelperPrograms).Assembly.Location, "h_snprintf", "h_trace_vprintk");
        var random = new Random(43);
        var results = new HashSet<long>();
        for (int n = 0; n < 300; n++)
        {
            var packet = new byte[FormatHelperPrograms.PacketLength];
            for (int a = 0; a < 8; a++)
            {
                long value = random.Next(3) == 0 ? random.NextInt64(long.MinValue, long.MaxValue) : Edges[random.Next(Edges.Length)];
                BitConverter.TryWriteBytes(packet.AsSpan(a * 8), value);
            }

            packet[64] = (byte)random.Next(3);
            packet[65] = (byte)random.Next(2);
            results.Add(BitConverter.ToInt64(SampleRunner.Xdp(programs, "h_snprintf", FormatHelperPrograms.Format, packet).Output, FormatHelperPrograms.ResultOffset));
            var trace = SampleRunner.Xdp(programs, "h_trace_vprintk", FormatHelperPrograms.TraceFour, packet);
            Assert.True(BitConverter.ToInt64(trace.Output, FormatHelperPrograms.ResultOffset) > "vprintk    ".Length);
        }

        Assert.True(results.Count > 20, $"only {results.Count} different lengths");
        Assert.All(results, r => Assert.True(r > 8));
    }

    [Theory]
    [InlineData("h_snprintf_pointer", "'Bpf.Snprintf' cannot use the format \"name %s\": '%s' formats a pointer")]
    [InlineData("h_snprintf_short", "'Bpf.Snprintf' is given 1 arguments for a format with 2 conversions")]
    public void A_format_the_kernel_would_refuse_is_refused_at_its_line(string program, string message)
    {
        var error = Assert.Throws<CompileException>(() => BpfCompiler.Compile(typeof(FormatHelperPrograms).Assembly.Location, new CompilerOptions { Programs = [program] }));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.Location);
        Assert.EndsWith("FormatHelperPrograms.cs", error.Location!.File, StringComparison.Ordinal);
        Assert.Contains("Bpf.Snprintf(", File.ReadAllLines(error.Location.File)[error.Location.Line - 1], StringComparison.Ordinal);
    }
}
