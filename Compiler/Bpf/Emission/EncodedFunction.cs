using TraitsBpf.Compiler.Diagnostics;

namespace TraitsBpf.Compiler.Bpf.Emission;

/// <summary>A function's final instructions with what the object writer needs around them.</summary>
internal sealed record EncodedFunction(
    string Name,
    byte[] Code,
    IReadOnlyList<EncodedRelocation> Relocations,
    IReadOnlyList<(int Instruction, SourceLocation Location)> Lines,
    int FrameSize,
    IReadOnlyList<FrameItem> FrameItems,
    IReadOnlyList<EncodedCoreRelocation> CoreRelocations)
{
    public int InstructionCount => Code.Length / 8;
}
