namespace TraitsBpf.Object.Writing;

/// <summary>A func_info record before encoding: where a function starts and its BTF FUNC id.</summary>
internal sealed record FuncInfoEntry(int InstructionOffset, int FuncTypeId);
