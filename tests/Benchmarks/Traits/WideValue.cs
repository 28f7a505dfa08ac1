using System.Runtime.InteropServices;

namespace TraitsBpf.Benchmarks.Traits;

/// <summary>A 16-byte trait value: the largest size, so the benchmark's store holds every kind of move.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct WideValue
{
    /// <summary>The low eight bytes.</summary>
    public ulong Low;

    /// <summary>The high eight bytes.</summary>
    public ulong High;
}
