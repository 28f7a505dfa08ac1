using TraitsBpf.Object;
using TraitsBpf.Object.Reading;

namespace TraitsBpf.Loader.Kernel;

/// <summary>
/// The kfuncs an object's code calls, read from its ELF: calls are relocations against undefined
/// symbols, as clang and our compiler emit them, and the object's line info gives each call's
/// source line for the messages that refuse it.
/// </summary>
public static class ObjectKfuncCalls
{
    /// <summary>The calls in <paramref name="section"/> and in <c>.text</c> (the subprograms it may call), first per kfunc.</summary>
    /// <param name="file">The object.</param>
    /// <param name="section">The program's section.</param>
    /// <exception cref="LoaderException"><see cref="LoaderErrorKind.NotAnObject"/> when its BTF cannot be read.</exception>
    public static IReadOnlyList<KfuncCall> In(ObjectFile file, string section)
    {
        ArgumentNullException.ThrowIfNull(file);
        var undefined = file.Symbols
            .Where(s => s.SectionIndex == 0 && s.Name.Length > 0 && s.Type != ObjectSymbolType.Section)
            .Select(s => s.Name)
            .ToHashSet(StringComparer.Ordinal);
        var btf = DeclaredBtf(file);
        var calls = new List<KfuncCall>();
        foreach (var sectionName in new[] { section, ".text" }.Distinct(StringComparer.Ordinal))
        {
            foreach (var relocation in file.RelocationsIn(sectionName).Where(r => undefined.Contains(r.SymbolName)))
            {
                if (calls.Any(c => c.Name == relocation.SymbolName) || !IsCall(file, relocation))
                    continue;
                calls.Add(new KfuncCall(relocation.SymbolName, sectionName, SourceOf(file, sectionName, relocation.InstructionOffset), btf?.FunctionShape(relocation.SymbolName)));
            }
        }
        return calls;
    }

    /// <summary>The object's .BTF, where each kfunc it calls is an extern FUNC with the prototype it declares; null without one.</summary>
    private static BtfFile? DeclaredBtf(ObjectFile file) =>
        file.FindSection(".BTF") is { } section ? Loading.ObjectFiles.ReadBtf(section.Data, "section '.BTF'") : null;

    /// <summary>Whether the relocated instruction is a call (a kfunc), not an ld_imm64 of an extern variable.</summary>
    private static bool IsCall(ObjectFile file, ObjectRelocation relocation)
    {
        const byte Call = 0x85; // BPF_JMP | BPF_CALL
        var code = file.FindSection(relocation.TargetSection) is { } found ? found.Data.Span : default;
        int at = (int)relocation.Offset;
        return at + 8 <= code.Length && code[at] == Call;
    }

    /// <summary>The line of the last line-info record at or before the instruction: the line the call is on.</summary>
    private static string? SourceOf(ObjectFile file, string section, int instruction)
    {
        var line = file.LineInfos
            .Where(l => l.SectionName == section && l.InstructionOffset <= instruction)
            .MaxBy(l => l.InstructionOffset);
        return line is null ? null : $"{Path.GetFileName(line.FileName)}:{line.Line}";
    }
}
