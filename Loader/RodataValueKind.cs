namespace TraitsBpf.Loader;

/// <summary>How a .rodata variable's bytes are interpreted, from its BTF type.</summary>
public enum RodataValueKind
{
    /// <summary>An unsigned integer (or an enum with unsigned values) of 1, 2, 4 or 8 bytes.</summary>
    Unsigned,

    /// <summary>A signed integer (or an enum with signed values) of 1, 2, 4 or 8 bytes.</summary>
    Signed,

    /// <summary>A C <c>bool</c> / C# <c>bool</c>: one byte, 0 or 1.</summary>
    Boolean,

    /// <summary>Anything else (arrays, structs); settable only as raw bytes.</summary>
    Other,
}
