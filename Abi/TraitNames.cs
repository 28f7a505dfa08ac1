namespace TraitsBpf.Abi;

/// <summary>
/// Trait names, which the host registry maps to keys: 1 to 48 lowercase ASCII letters, digits or
/// underscores, not starting with a digit (<c>^[a-z_][a-z0-9_]{0,47}\z</c>).
/// </summary>
public static class TraitNames
{
    /// <summary>The longest name.</summary>
    public const int MaxLength = 48;

    /// <summary>The rule, for messages.</summary>
    public const string Rule = "1 to 48 lowercase letters, digits or underscores, starting with a letter or underscore";

    /// <summary>Whether <paramref name="name"/> is a trait name.</summary>
    public static bool IsValid(string? name) =>
        name is { Length: > 0 and <= MaxLength }
        && !char.IsAsciiDigit(name[0])
        && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_');
}
