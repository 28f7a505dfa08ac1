namespace TraitsBpf.Object;

/// <summary>Which data section a <see cref="GlobalVariable"/> lives in.</summary>
public enum DataSectionKind
{
    /// <summary><c>.data</c>: initialized, writable.</summary>
    Data,
    /// <summary><c>.bss</c>: zero-initialized, writable.</summary>
    Bss,
    /// <summary><c>.rodata</c>: read-only to the program; user space may set it before load.</summary>
    Rodata,
}
