using TraitsBpf.Object;

namespace TraitsBpf.Benchmarks.Measuring;

/// <summary>Counts a program's instructions in an ELF object, the same way for our objects and clang's.</summary>
public static class ObjectInstructions
{
    private const string SubprogramSection = ".text";

    /// <summary>
    /// The instructions of <paramref name="program"/>'s function plus those of every subprogram
    /// (functions in .text), in 8-byte slots: what the kernel will be handed for it.
    /// </summary>
    public static int Count(byte[] elf, string program)
    {
        var file = ObjectReader.Read(elf);
        var function = file.Programs.FirstOrDefault(p => p.Name == program)
            ?? throw new InvalidOperationException($"the object has no function named '{program}'");
        return function.InstructionCount + file.Programs.Where(p => p.SectionName == SubprogramSection).Sum(p => p.InstructionCount);
    }
}
