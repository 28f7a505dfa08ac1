using System.Runtime.InteropServices;

namespace TraitsBpf.Loader.Interop;

/// <summary><c>struct btf_type</c> (linux/btf.h): the common header of every BTF type record.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct BtfTypeHeader
{
    public uint name_off;
    public uint info;
    /// <summary>The <c>size</c>/<c>type</c> union.</summary>
    public uint size_or_type;

    public readonly int Kind => (int)((info >> 24) & 0x1f);

    public readonly int Vlen => (int)(info & 0xffff);

    public readonly bool KindFlag => (info >> 31) != 0;
}
