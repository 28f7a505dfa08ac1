using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using TraitsBpf.Object;

namespace TraitsBpf.Compiler.Tests.Layout;

/// <summary>
/// Frames like clang's: a field of a struct local is read in place, and stack slots whose
/// lifetimes do not overlap (the locals of different inlined helpers) share bytes, so a load
/// balancer's frame stays within a small multiple of clang's for the same C.
/// </summary>
public sealed partial class FrameTests
{
    [Fact]
    public void ALoadBalancersFrameIsWithinAThirdMoreThanClangsForTheSameC()
    {
        var result = BpfCompiler.Compile(typeof(FramePrograms).Assembly.Location, new CompilerOptions { Programs = ["frame_lb"] });
        int ours = FrameDepth(result.Object, "frame_lb");
        int clangs = FrameDepth(BuildWithClang(SourceDirectory() + "/frame_lb.c"), "frame_lb");

        var program = result.Programs.Single();
        Assert.Equal(ours, program.StackSize);
        Assert.Contains(program.FrameItems, i => i.Name == "Balance.pckt" && i.Size == 24);
        Assert.Equal(program.FrameItems.OrderByDescending(i => i.Size).Select(i => i.Size), program.FrameItems.Select(i => i.Size));
        Assert.All(program.FrameItems, i => Assert.InRange(-i.FrameOffset, i.Size, program.StackSize));
        // Before slots were shared, fields read in place and constants rematerialized instead of
        // spilled, this frame needed 704 bytes and was refused. Copies of structs into inlined
        // helpers' arguments still cost some of what clang's scalar replacement saves.
        Assert.True(ours * 10 <= clangs * 13, $"frame_lb needs {ours} bytes of stack; clang's build of its C twin needs {clangs}");
    }

    /// <summary>The deepest byte below r10 the code touches, as the verifier's "stack depth" counts it before rounding.</summary>
    private static int FrameDepth(byte[] elf, string program)
    {
        var file = ObjectReader.Read(elf);
        var code = file.CodeOf(file.Programs.Single(p => p.Name == program));
        var text = BpfDisassembler.Disassemble(code.Span).Select(i => i.Text).ToList();
        int depth = 0;
        var frameRegisters = new HashSet<string>();
        foreach (var line in text)
        {
            if (StackAccess().Match(line) is { Success: true } access)
            {
                depth = Math.Max(depth, int.Parse(access.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
            }

            if (FrameCopy().Match(line) is { Success: true } copy)
            {
                frameRegisters.Add(copy.Groups[1].Value);
            }
            else if (FrameOffset().Match(line) is { Success: true } offset && frameRegisters.Contains(offset.Groups[1].Value))
            {
                depth = Math.Max(depth, int.Parse(offset.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
            }
            else if (Assignment().Match(line) is { Success: true } other)
            {
                frameRegisters.Remove(other.Groups[1].Value);
            }
        }

        return depth;
    }

    private static byte[] BuildWithClang(string source)
    {
        string output = Path.Combine(Path.GetTempPath(), $"frame_lb-{Environment.ProcessId}.o");
        var start = new ProcessStartInfo("clang", ["-O2", "-mcpu=v3", "-g", "-target", "bpf", "-I/usr/include/x86_64-linux-gnu", "-c", source, "-o", output])
        {
            RedirectStandardError = true,
        };
        using var clang = Process.Start(start)!;
        string errors = clang.StandardError.ReadToEnd();
        clang.WaitForExit();
        Assert.True(clang.ExitCode == 0, $"clang failed on {source}: {errors}");
        try
        {
            return File.ReadAllBytes(output);
        }
        finally
        {
            File.Delete(output);
        }
    }

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;

    [GeneratedRegex(@"\(r10 - (\d+)\)")]
    private static partial Regex StackAccess();

    [GeneratedRegex(@"^(r\d) = r10$")]
    private static partial Regex FrameCopy();

    [GeneratedRegex(@"^(r\d) \+= -(\d+)$")]
    private static partial Regex FrameOffset();

    [GeneratedRegex(@"^[rw](\d) ")]
    private static partial Regex Assignment();
}
