namespace TraitsBpf.Object;

/// <summary>An instruction, by offset in its section, that refers to something the linker or libbpf must fix up.</summary>
/// <param name="InstructionOffset">The instruction (a 64-bit immediate load, or a call).</param>
/// <param name="Target">What it refers to.</param>
public sealed record CodeRelocation(int InstructionOffset, RelocationTarget Target);
