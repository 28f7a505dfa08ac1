namespace TraitsBpf.Compiler.Ir;

/// <summary>Where a global variable lives.</summary>
internal enum GlobalSection
{
    /// <summary>Writable, with a non-zero initial value.</summary>
    Data,
    /// <summary>Writable, zero-initialized.</summary>
    Bss,
    /// <summary>Read-only to programs; the loader may set it before load.</summary>
    Rodata,
}
