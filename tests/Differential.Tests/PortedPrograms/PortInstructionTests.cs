using Xunit.Abstractions;
using TraitsBpf.Object;
using TraitsBpf.Differential.Tests.Kernel;
using TraitsBpf.Differential.Tests.Samples;

namespace TraitsBpf.Differential.Tests.PortedPrograms;

/// <summary>
/// Each port that compiles, ours against clang's build of its twin: instructions in the object
/// (the program and its subprograms), after the kernel's rewrites (xlated), JIT-compiled bytes
/// and instructions the verifier processed, as tests/Benchmarks counts them for the samples.
/// </summary>
public sealed class PortInstructionTests(ITestOutputHelper output)
{
    // Issue 3's size target, which the samples meet: at most 1.25 times clang's object instructions.
    private const double ObjectInstructionTarget = 1.25;
    private const string SubprogramSection = ".text";

    /// <summary>The names of the ports that compile.</summary>
    public static TheoryData<string> Compiling() => PortAgreementTests.Compiling();

    [Theory]
    [MemberData(nameof(Compiling))]
    public void OursLoadsAndIsWithinTheSizeTargetOfClangs(string name)
    {
        byte[] oursImage = PortCatalog.Ours(name);
        byte[] clangImage = PortCatalog.Twin(name);
        using var ours = KernelSample.Load(oursImage, name, SampleSetup.None);
        using var clang = KernelSample.Load(clangImage, name, SampleSetup.None);
        var oursInfo = ours.Object.Program(name).Info();
        var clangInfo = clang.Object.Program(name).Info();
        int oursObject = ObjectInstructions(oursImage, name);
        int clangObject = ObjectInstructions(clangImage, name);

        output.WriteLine($"{name}: ours / clang");
        output.WriteLine(Row("object insns", oursObject, clangObject));
        output.WriteLine(Row("xlated insns", oursInfo.InstructionCount, clangInfo.InstructionCount));
        output.WriteLine(Row("jited bytes", oursInfo.JitedSize, clangInfo.JitedSize));
        output.WriteLine(Row("verified insns", oursInfo.VerifiedInstructions, clangInfo.VerifiedInstructions));

        Assert.True(oursInfo.VerifiedInstructions > 0, "the verifier reported no instructions for our program");
        bool withinTarget = oursObject <= ObjectInstructionTarget * clangObject;
        if (PortStatus.OverSizeTarget.TryGetValue(name, out var why))
        {
            output.WriteLine($"  over the size target, known: {why}");
            Assert.False(withinTarget, $"{name} now meets the size target ({oursObject} against clang's {clangObject}): take it out of PortStatus.OverSizeTarget");
        }
        else
        {
            Assert.True(withinTarget, $"{oursObject} object instructions, over {ObjectInstructionTarget} x clang's {clangObject}");
        }
    }

    private static string Row(string what, double ours, double clang) =>
        $"  {what,-15} {ours,6} {clang,6}  {(clang == 0 ? "-" : (ours / clang).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture))}";

    private static int ObjectInstructions(byte[] elf, string program)
    {
        var file = ObjectReader.Read(elf);
        var function = file.Programs.Single(p => p.Name == program);
        return function.InstructionCount + file.Programs.Where(p => p.SectionName == SubprogramSection).Sum(p => p.InstructionCount);
    }
}
