using TraitsBpf.Object.Btf;
using TraitsBpf.Object.Format;

namespace TraitsBpf.Object.Writing;

/// <summary>
/// Checks one code section against what libbpf and the kernel require: whole instructions,
/// functions that tile the section, programs outside .text global, relocations on instruction
/// starts, and line info strictly increasing on instruction starts (kernel/bpf/verifier.c,
/// check_btf_line).
/// </summary>
internal static class CodeSectionValidator
{
    public const string SubprogramSectionName = ".text";

    public static void Validate(CodeSection section)
    {
        if (section.Code.Length % BpfInstruction.Size != 0)
            throw Invalid(section, $"its code is {section.Code.Length} bytes, not a whole number of 8-byte instructions");
        if (section.Name != SubprogramSectionName && section.Functions.Count == 0)
            throw Invalid(section, "a program section needs at least one function");
        var starts = new InstructionStarts(section);
        ValidateFunctions(section, starts);
        ValidateRelocations(section, starts);
        ValidateCoreRelocations(section, starts);
        ValidateLines(section, starts);
    }

    private static void ValidateFunctions(CodeSection section, InstructionStarts starts)
    {
        int expectedOffset = 0;
        foreach (FunctionSymbol function in section.Functions)
        {
            string where = $"function '{function.Name}'";
            if (function.InstructionOffset != expectedOffset)
                throw Invalid(section, $"{where} starts at instruction {function.InstructionOffset}, but functions must cover the section in order without gaps (expected {expectedOffset})");
            if (function.InstructionCount <= 0)
                throw Invalid(section, $"{where} has {function.InstructionCount} instructions");
            if (!starts.IsStart(function.InstructionOffset))
                throw Invalid(section, $"{where} starts inside a 64-bit immediate load");
            if (function.Btf.Name != function.Name)
                throw Invalid(section, $"{where} has a BTF FUNC named '{function.Btf.Name}'");
            BtfLinkage expectedLinkage = function.IsGlobal ? BtfLinkage.Global : BtfLinkage.Static;
            if (function.Btf.Linkage != expectedLinkage)
                throw Invalid(section, $"{where} is {(function.IsGlobal ? "global" : "static")} but its BTF FUNC has {function.Btf.Linkage} linkage");
            if (!function.IsGlobal && section.Name != SubprogramSectionName)
                throw Invalid(section, $"{where} is static, but libbpf only accepts global functions as programs; static subprograms belong in .text");
            expectedOffset += function.InstructionCount;
        }
        if (expectedOffset != starts.SlotCount)
            throw Invalid(section, $"its functions cover {expectedOffset} of its {starts.SlotCount} instructions");
    }

    private static void ValidateRelocations(CodeSection section, InstructionStarts starts)
    {
        var seen = new HashSet<int>();
        foreach (CodeRelocation relocation in section.Relocations)
        {
            if (!starts.IsStart(relocation.InstructionOffset))
                throw Invalid(section, $"the relocation for {relocation.Target} is at instruction {relocation.InstructionOffset}, which is not the start of an instruction in the section");
            if (!seen.Add(relocation.InstructionOffset))
                throw Invalid(section, $"instruction {relocation.InstructionOffset} has more than one relocation");
        }
    }

    /// <summary>
    /// libbpf patches a CO-RE relocation's instruction in place and resolves its access string against a named struct:
    /// the instruction must exist, the root must be a named struct or union, and the access must start at the pointer ("0").
    /// </summary>
    private static void ValidateCoreRelocations(CodeSection section, InstructionStarts starts)
    {
        foreach (CoreRelocation relocation in section.CoreRelocations)
        {
            string where = $"the CO-RE relocation '{relocation.AccessString}' of '{relocation.Type.Name}'";
            if (!starts.IsStart(relocation.InstructionOffset))
                throw Invalid(section, $"{where} is at instruction {relocation.InstructionOffset}, which is not the start of an instruction in the section");
            if (relocation.Type is not Btf.BtfStruct || string.IsNullOrEmpty(relocation.Type.Name))
                throw Invalid(section, $"{where} has a root type that is not a named struct; libbpf matches the kernel's type by name");
            if (!System.Text.RegularExpressions.Regex.IsMatch(relocation.AccessString, @"\A0(:\d+)+\z"))
                throw Invalid(section, $"{where} is not an access string of the form 0:N[:N]...");
        }
    }

    private static void ValidateLines(CodeSection section, InstructionStarts starts)
    {
        int previous = -1;
        foreach (LineInfo line in section.Lines)
        {
            string where = $"the line info for {line.FileName}:{line.Line}";
            if (!starts.IsStart(line.InstructionOffset))
                throw Invalid(section, $"{where} is at instruction {line.InstructionOffset}, which is not the start of an instruction in the section");
            if (line.InstructionOffset <= previous)
                throw Invalid(section, $"{where} is at instruction {line.InstructionOffset}, but line info must be strictly increasing (previous: {previous})");
            if (line.Line is < 0 or > BtfConstants.MaxLine)
                throw Invalid(section, $"{where} has a line number outside 0..{BtfConstants.MaxLine}");
            if (line.Column < 0)
                throw Invalid(section, $"{where} has a negative column");
            previous = line.InstructionOffset;
        }
    }

    private static InvalidObjectModelException Invalid(CodeSection section, string problem) =>
        new($"Section '{section.Name}': {problem}.");
}
