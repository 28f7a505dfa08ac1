namespace TraitsBpf.Object.Reading;

/// <summary>A .BTF.ext CO-RE relocation record (<c>struct bpf_core_relo</c>).</summary>
/// <param name="SectionName">The code section.</param>
/// <param name="InstructionOffset">The instruction (the file stores bytes; this is bytes / 8).</param>
/// <param name="TypeId">The root type's BTF id.</param>
/// <param name="TypeName">The root type's name, e.g. "sk_buff".</param>
/// <param name="AccessString">The access, e.g. "0:2".</param>
/// <param name="Kind">The relocation kind (0 is the field's byte offset).</param>
public sealed record CoreRelocationRecord(string SectionName, int InstructionOffset, int TypeId, string TypeName, string AccessString, int Kind);
