namespace TraitsBpf.Compiler.Bpf.Machine;

/// <summary>What a call instruction calls.</summary>
internal enum CallKind
{
    /// <summary>A kernel helper by number.</summary>
    Helper,
    /// <summary>A BPF subprogram in <c>.text</c>, by symbol.</summary>
    Local,
    /// <summary>A kernel function, by symbol, resolved by libbpf.</summary>
    Kfunc,
}
