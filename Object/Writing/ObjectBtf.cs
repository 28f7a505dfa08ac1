using TraitsBpf.Object.Btf;
using TraitsBpf.Object.Format;

namespace TraitsBpf.Object.Writing;

/// <summary>
/// Decides what the .BTF and .BTF.ext of an object contain: a FUNC per function (referenced by
/// func_info), an extern FUNC per kfunc in a <c>.ksyms</c> DATASEC, a VAR per map, global and
/// the license with one DATASEC per section, the line_info records, and the root types and access strings
/// of the CO-RE relocations.
/// </summary>
internal static class ObjectBtf
{
    public const string KsymsSectionName = ".ksyms";

    /// <returns>The .BTF bytes, and the .BTF.ext bytes or null when there are no functions to describe.</returns>
    public static (byte[] Btf, byte[]? BtfExt) Build(
        IReadOnlyList<CodeSection> code, IReadOnlyList<DataSectionImage> data, IReadOnlyList<ExternFunction> kfuncs)
    {
        var builder = new BtfBuilder();
        var functionIds = code.ToDictionary(
            section => section,
            section => section.Functions.Select(function => builder.Add(function.Btf)).ToList());

        var externs = kfuncs.Select(kfunc => new BtfFunc(kfunc.Name, kfunc.Proto, BtfLinkage.Extern)).ToList();
        foreach (BtfFunc externFunction in externs)
            builder.Add(externFunction);
        foreach (PlacedVariable variable in data.SelectMany(image => image.Variables))
            builder.Add(variable.Variable);

        // clang emits the DATASECs last, sorted by name. .ksyms has no ELF section: its size and
        // offsets stay 0 and libbpf rewrites it when it resolves the externs.
        var datasecs = data.Select(image => image.ToDatasec()).ToList();
        if (externs.Count > 0)
            datasecs.Add(new BtfDatasec(KsymsSectionName, 0, [.. externs.Select(externFunction => new BtfDatasecEntry(externFunction, 0, 0))]));
        foreach (BtfDatasec datasec in datasecs.OrderBy(datasec => datasec.Name, StringComparer.Ordinal))
            builder.Add(datasec);

        var coreTypeIds = code.SelectMany(section => section.CoreRelocations)
            .Select(relocation => relocation.Type).Distinct()
            .ToDictionary(type => type, builder.Add);

        var extSections = code
            .Where(section => section.Functions.Count > 0)
            .Select(section => new BtfExtSection(
                builder.Strings.Add(section.Name),
                [.. section.Functions.Select((function, i) => new FuncInfoEntry(function.InstructionOffset, functionIds[section][i]))],
                [.. section.Lines.Select(line => EncodeLine(builder, line))],
                [.. section.CoreRelocations.Select(relocation => new CoreRelocationEntry(
                    relocation.InstructionOffset, coreTypeIds[relocation.Type], builder.Strings.Add(relocation.AccessString), (int)relocation.Kind))]))
            .ToList();

        return (BtfWriter.Write(builder), extSections.Count > 0 ? BtfExtWriter.Write(extSections) : null);
    }

    /// <summary>Columns beyond what line_col's 10 bits hold are clamped: the line is what matters.</summary>
    private static LineInfoEntry EncodeLine(BtfBuilder builder, LineInfo line) =>
        new(line.InstructionOffset,
            builder.Strings.Add(line.FileName),
            builder.Strings.Add(line.LineText),
            line.Line,
            Math.Clamp(line.Column, 0, BtfConstants.MaxColumn));
}
