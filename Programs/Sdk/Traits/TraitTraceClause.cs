using System.Runtime.InteropServices;

namespace TraitsBpf.CompilerServices;

/// <summary>One <c>--where</c> clause of <c>traitsbpf trace</c> as a <c>.rodata</c> constant (<c>Abi.TraitTraceFormat.ClauseSize</c> bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct TraitTraceClause
{
    /// <summary>No clause: a key no trait has.</summary>
    public static readonly TraitTraceClause None = new() { Key = Abi.TraitKeys.Count };

    /// <summary>The trait's key; <see cref="Abi.TraitKeys.Count"/> for no clause.</summary>
    public ulong Key;

    /// <summary>The trait's size.</summary>
    public ulong Size;

    /// <summary>The value's first 8 bytes, as the store holds them.</summary>
    public ulong Low;

    /// <summary>The value's last 8 bytes (0 for values of 8 bytes or fewer).</summary>
    public ulong High;
}
