using TraitsBpf.Object;
using TraitsBpf.Object.Reading;

namespace TraitsBpf.Compiler.Tests.Globals;

/// <summary>The section and initial bytes of each global variable in a compiled object, by symbol name.</summary>
internal static class GlobalImage
{
    private static readonly string[] DataSections = [".rodata", ".data", ".bss"];

    public static Dictionary<string, (string Section, byte[] Bytes)> Read(byte[] objectBytes)
    {
        var file = ObjectReader.Read(objectBytes);
        var result = new Dictionary<string, (string, byte[])>(StringComparer.Ordinal);
        foreach (var symbol in file.Symbols)
        {
            if (symbol.SectionName is not { } section || !DataSections.Contains(section) || symbol.Type != ObjectSymbolType.Object)
            {
                continue;
            }

            var data = file.Sections[symbol.SectionIndex].Data;
            byte[] bytes = section == ".bss" || data.Length == 0
                ? new byte[symbol.Size]
                : data.Slice((int)symbol.Value, (int)symbol.Size).ToArray();
            result[symbol.Name] = (section, bytes);
        }

        return result;
    }
}
