using System.Text;
using TraitsBpf.Compiler;
using TraitsBpf.Compiler.Diagnostics;
using TraitsBpf.Programs.Tests.Infrastructure;
using TraitsBpf.Programs.Tests.Samples;

namespace TraitsBpf.Programs.Tests.Helpers;

/// <summary>
/// bpf_strncmp, bpf_strtol and bpf_strtoul: on texts built from numbers, signs, spaces, prefixes, letters and bytes past
/// ASCII, in every base and two flags the kernel refuses, the kernel's test run and managed execution give the same
/// answers byte for byte; a second string that is not a literal, and packet memory, which the kernel refuses, are refused at their line.
/// </summary>
public sealed class StringHelperTests
{
    private static readonly string[] Pieces =
    [
        "", " ", "\t", "\n", "\u00a0", "-", "+", "0", "0x", "0X", "07", "19", "42", "9", "ff", "FF", "z", "x", "GET /", "GET /a", "GE",
        "18446744073709551615", "18446744073709551616", "9223372036854775807", "9223372036854775808", "-9223372036854775808",
        "0xffffffffffffffff", "0x10000000000000000", "777777777777777777777", "1000000000000000000000",
    ];

    [Fact]
    public void The_kernel_and_managed_execution_compare_and_parse_alike()
    {
        using var programs = new CompiledAssembly(typeof(StringHelperPrograms).Assembly.Location, "h_strings");
        var random = new Random(31);
        var answers = new HashSet<long>();
        for (int n = 0; n < 600; n++)
        {
            var packet = new byte[StringHelperPrograms.AnswersOffset + 40];
            var text = new StringBuilder();
            while (text.Length < StringHelperPrograms.TextLength && random.Next(4) != 0)
            {
                text.Append(Pieces[random.Next(Pieces.Length)]);
            }

            byte[] bytes = Encoding.Latin1.GetBytes(text.ToString());
            bytes.AsSpan(0, Math.Min(bytes.Length, StringHelperPrograms.TextLength)).CopyTo(packet);
            if (random.Next(5) == 0)
            {
                packet[random.Next(StringHelperPrograms.TextLength)] = (byte)random.Next(256);
            }

            packet[StringHelperPrograms.AnswersOffset - 1] = (byte)random.Next(StringHelperPrograms.Bases.Length);
            var run = SampleRunner.Xdp(programs, "h_strings", StringHelperPrograms.Parse, packet);
            answers.Add(BitConverter.ToInt64(run.Output, StringHelperPrograms.AnswersOffset + 8));
            answers.Add(BitConverter.ToInt64(run.Output, StringHelperPrograms.AnswersOffset));
        }

        Assert.Contains(-Errno.EINVAL, answers);
        Assert.Contains(-Errno.ERANGE, answers);
        Assert.Contains(0L, answers);
        Assert.Contains(-1L, answers);
        Assert.Contains(1L, answers);
        Assert.Contains(answers, a => a > 1);
    }

    [Theory]
    [InlineData("h_strncmp_variable", "Bpf.Strncmp needs a string literal as its second string", "Bpf.Strncmp(")]
    [InlineData("h_strtol_packet", "'Bpf.Strtol' is given packet memory, which the kernel lets only packet helpers read", "Bpf.Strtol(")]
    public void What_the_kernel_would_refuse_is_refused_at_its_line(string program, string message, string call)
    {
        var error = Assert.Throws<CompileException>(() => BpfCompiler.Compile(typeof(StringHelperPrograms).Assembly.Location, new CompilerOptions { Programs = [program] }));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.Location);
        Assert.EndsWith("StringHelperPrograms.cs", error.Location!.File, StringComparison.Ordinal);
        Assert.Contains(call, File.ReadAllLines(error.Location.File)[error.Location.Line - 1], StringComparison.Ordinal);
    }
}
