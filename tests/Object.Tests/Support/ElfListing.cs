using System.Globalization;
using System.Text.RegularExpressions;

namespace TraitsBpf.Object.Tests.Support;

/// <summary>
/// What <c>llvm-readelf -S -s -r</c> and <c>llvm-objdump -d</c> say about an object, reduced
/// to the parts that must agree between clang's output and ours: sections, symbols,
/// relocations and instructions. Debug info (DWARF, the relocations of .BTF/.BTF.ext that only
/// a linker uses, .llvm_addrsig), string tables, FILE symbols and clang's branch-label symbols
/// are left out; docs/object-format.md says why we do not emit them.
/// </summary>
internal sealed partial class ElfListing
{
    private ElfListing(List<string> sections, List<string> symbols, List<string> relocations, List<string> instructions)
    {
        Sections = sections;
        Symbols = symbols;
        Relocations = relocations;
        Instructions = instructions;
    }

    /// <summary>"name type flags align" per section, in file order.</summary>
    public IReadOnlyList<string> Sections { get; }

    /// <summary>"type bind section value size name", sorted.</summary>
    public IReadOnlyList<string> Symbols { get; }

    /// <summary>"relocation-section offset type symbol", sorted.</summary>
    public IReadOnlyList<string> Relocations { get; }

    /// <summary>Disassembled instructions per code section, without labels.</summary>
    public IReadOnlyList<string> Instructions { get; }

    public static ElfListing Read(string path)
    {
        string sectionText = ExternalTool.Run("llvm-readelf", "-S", path).AssertClean().Output;
        var sectionNames = new Dictionary<int, string>();
        var sections = new List<string>();
        foreach (Match match in SectionLine().Matches(sectionText))
        {
            string[] fields = match.Groups[2].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            int index = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            string name = fields.Length > 0 && !fields[0].StartsWith("NULL", StringComparison.Ordinal) ? fields[0] : "";
            sectionNames[index] = name;
            if (name.Length == 0 || IsIgnoredSection(name))
                continue;
            string flags = fields.Length == 10 ? fields[6] : "";
            sections.Add($"{name} {fields[1]} {flags} align={fields[^1]}");
        }

        string symbolText = ExternalTool.Run("llvm-readelf", "-s", path).AssertClean().Output;
        var symbols = new List<string>();
        foreach (Match match in SymbolLine().Matches(symbolText))
        {
            string value = match.Groups[1].Value, size = match.Groups[2].Value, type = match.Groups[3].Value, bind = match.Groups[4].Value;
            string index = match.Groups[5].Value, name = match.Groups[6].Value.Trim();
            string section = int.TryParse(index, CultureInfo.InvariantCulture, out int number) ? sectionNames.GetValueOrDefault(number, index) : index;
            bool isLabel = type == "NOTYPE" && bind == "LOCAL" && name.Length > 0;
            if (type == "FILE" || isLabel || IsIgnoredSection(section))
                continue;
            symbols.Add($"{type} {bind} {section} {Convert.ToUInt64(value, 16)} {size} {name}");
        }
        symbols.Sort(StringComparer.Ordinal);

        string relocationText = ExternalTool.Run("llvm-readelf", "-r", path).AssertClean().Output;
        var relocations = new List<string>();
        string? current = null;
        foreach (string line in relocationText.Split('\n'))
        {
            Match header = RelocationHeader().Match(line);
            if (header.Success)
            {
                current = IsIgnoredSection(header.Groups[1].Value) ? null : header.Groups[1].Value;
                continue;
            }
            Match entry = RelocationLine().Match(line);
            if (current is not null && entry.Success)
                relocations.Add($"{current} {Convert.ToUInt64(entry.Groups[1].Value, 16)} {entry.Groups[2].Value} {entry.Groups[3].Value.Trim()}");
        }
        relocations.Sort(StringComparer.Ordinal);

        string disassembly = ExternalTool.Run("llvm-objdump", "-d", "--no-show-raw-insn", path).AssertClean().Output;
        var instructions = new List<string>();
        foreach (string line in disassembly.Split('\n'))
        {
            if (line.StartsWith("Disassembly of section", StringComparison.Ordinal))
                instructions.Add(line);
            Match instruction = InstructionLine().Match(line);
            if (instruction.Success)
                instructions.Add($"{instruction.Groups[1].Value}: {BranchLabel().Replace(instruction.Groups[2].Value, "").Trim()}");
        }

        return new ElfListing(sections, symbols, relocations, instructions);
    }

    private static bool IsIgnoredSection(string name) =>
        name.StartsWith(".debug", StringComparison.Ordinal)
        || name.StartsWith(".rel.debug", StringComparison.Ordinal)
        || name is ".rel.BTF" or ".rel.BTF.ext" or ".llvm_addrsig" or ".strtab" or ".shstrtab";

    [GeneratedRegex(@"^[ \t]*\[[ \t]*(\d+)\][ \t](.*)$", RegexOptions.Multiline)]
    private static partial Regex SectionLine();

    [GeneratedRegex(@"^[ \t]*\d+:[ \t]+([0-9a-f]+)[ \t]+(\d+)[ \t]+(\w+)[ \t]+(\w+)[ \t]+\w+[ \t]+(\w+)[ \t]*(.*)$", RegexOptions.Multiline)]
    private static partial Regex SymbolLine();

    [GeneratedRegex(@"^Relocation section '([^']+)'")]
    private static partial Regex RelocationHeader();

    [GeneratedRegex(@"^([0-9a-f]{16})\s+[0-9a-f]{16}\s+(R_BPF_\w+)\s+[0-9a-f]{16}\s+(.*)$")]
    private static partial Regex RelocationLine();

    [GeneratedRegex(@"^\s+(\d+):\t(.*)$")]
    private static partial Regex InstructionLine();

    [GeneratedRegex(@" <[\w.]+(\+0x[0-9a-f]+)?>$")]
    private static partial Regex BranchLabel();
}
