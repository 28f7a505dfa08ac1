namespace TraitsBpf.Object.Writing;

/// <summary>A <c>struct bpf_core_relo</c> with its type id and access string resolved.</summary>
internal sealed record CoreRelocationEntry(int InstructionOffset, int TypeId, int AccessStringOffset, int Kind);
