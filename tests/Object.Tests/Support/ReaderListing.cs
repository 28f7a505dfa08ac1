using System.Globalization;
using System.Text.RegularExpressions;
using TraitsBpf.Object;
using TraitsBpf.Object.Reading;

namespace TraitsBpf.Object.Tests.Support;

/// <summary>
/// Our <see cref="ObjectReader"/> and <see cref="BpfDisassembler"/> output in the same shapes
/// <see cref="ElfListing"/> and <c>bpftool btf dump file</c> produce, so they can be compared
/// with the LLVM tools and bpftool line for line.
/// </summary>
internal static partial class ReaderListing
{
    /// <summary>Like <see cref="ElfListing.Instructions"/>: a header per non-empty code section, then "index: text".</summary>
    public static List<string> Instructions(ObjectFile file)
    {
        var lines = new List<string>();
        foreach (ObjectSection section in file.Sections.Where(section => section.IsExecutable && section.Size > 0))
        {
            lines.Add($"Disassembly of section {section.Name}:");
            lines.AddRange(BpfDisassembler.Disassemble(section.Data.Span).Select(instruction => $"{instruction.InstructionOffset}: {instruction.Text}"));
        }
        return lines;
    }

    /// <summary>llvm-objdump 14 prints 64-bit immediates in decimal; we print them in hex as --print-imm-hex does.</summary>
    public static List<string> WithHexWideImmediates(IEnumerable<string> llvmInstructions) =>
        [.. llvmInstructions.Select(line => WideImmediate().Replace(line, match =>
            $"{match.Groups[1].Value} = {Hex(long.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture))} ll"))];

    /// <summary>Like <see cref="ElfListing.Relocations"/>.</summary>
    public static List<string> Relocations(ObjectFile file)
    {
        var lines = file.Relocations
            .Where(relocation => relocation.TargetSection == ".maps" || file.Sections.Any(section => section.Name == relocation.TargetSection && section.IsExecutable))
            .Select(relocation => $".rel{relocation.TargetSection} {relocation.Offset} {relocation.TypeName} {relocation.SymbolName}")
            .ToList();
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    /// <summary>Exactly what <c>bpftool btf dump file</c> prints.</summary>
    public static string BtfDump(ObjectFile file) => string.Concat(file.BtfTypes.Select(type => type.Text + "\n"));

    private static string Hex(long value) => value < 0 ? "-0x" + unchecked((ulong)-value).ToString("x", CultureInfo.InvariantCulture) : "0x" + value.ToString("x", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(\d+: r\d+) = (-?\d+) ll$")]
    private static partial Regex WideImmediate();
}
