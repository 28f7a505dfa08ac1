using System.Text;
using TraitsBpf.Object.Btf;
using TraitsBpf.Object.Format;

namespace TraitsBpf.Object.Writing;

/// <summary>
/// The license section: the NUL-terminated license string, as <c>char LICENSE[] SEC("license")</c>
/// compiles, with its OBJECT symbol and a <c>char[n]</c> VAR like clang emits.
/// </summary>
internal static class LicenseSection
{
    public const string SectionName = "license";
    public const string VariableName = "LICENSE";

    private static readonly BtfInt Char = new("char", 1, BtfIntEncoding.Signed);

    public static DataSectionImage Create(string license)
    {
        byte[] bytes = [.. Encoding.ASCII.GetBytes(license), 0];
        var variable = new BtfVar(VariableName, new BtfArray(Char, bytes.Length), BtfLinkage.Global);
        return new DataSectionImage(
            SectionName, bytes, 1, ElfConstants.FlagAlloc | ElfConstants.FlagWrite, false,
            [new PlacedVariable(VariableName, 0, bytes.Length, variable)]);
    }
}
