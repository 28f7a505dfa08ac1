using TraitsBpf.Compiler.Bpf.Machine;

namespace TraitsBpf.Compiler.Bpf.Emission;

/// <summary>An instruction, by index in its function, that calls a symbol the linker resolves.</summary>
internal sealed record EncodedRelocation(int Instruction, CallKind Kind, string Symbol);
