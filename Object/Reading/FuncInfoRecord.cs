namespace TraitsBpf.Object.Reading;

/// <summary>A .BTF.ext func_info record: where a function starts and its BTF FUNC.</summary>
/// <param name="SectionName">The code section.</param>
/// <param name="InstructionOffset">The function's first instruction (the file stores bytes; this is bytes / 8).</param>
/// <param name="TypeId">Its BTF FUNC's id.</param>
/// <param name="FunctionName">That FUNC's name.</param>
public sealed record FuncInfoRecord(string SectionName, int InstructionOffset, int TypeId, string FunctionName);
