using TraitsBpf.Compiler.Il;

namespace TraitsBpf.Compiler.Frontend;

/// <summary>The SDK's trait types, recognized by name.</summary>
internal static class TraitTypes
{
    public const string TraitGenericName = "TraitsBpf.Trait`1";
    public const string FlagName = "TraitsBpf.TraitFlag";

    public static bool IsTrait(TypeDesc type) => type.FullName.StartsWith(TraitGenericName + "<", StringComparison.Ordinal);

    /// <summary>The stored size of a trait value of type <paramref name="type"/>: 0 for TraitFlag.</summary>
    public static int SizeOf(TypeDesc type) => type.FullName == FlagName ? 0 : type.Size;

    public static bool IsValidSize(int size) => Abi.TraitValueSizes.IsValid(size);
}
