namespace TraitsBpf.Compiler.Bpf.Emission;

/// <summary>What an instruction refers to by symbol.</summary>
internal enum RelocationKind
{
    /// <summary>A call of a subprogram in .text.</summary>
    Subprogram,
    /// <summary>A call of a kernel function.</summary>
    Kfunc,
    /// <summary>A 64-bit immediate load of a map.</summary>
    Map,
    /// <summary>A 64-bit immediate load of a global variable's address.</summary>
    Global,
    /// <summary>A 64-bit immediate load of a subprogram's address (a callback).</summary>
    FunctionAddress,
}
