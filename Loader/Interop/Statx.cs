using System.Runtime.InteropServices;

namespace TraitsBpf.Loader.Interop;

/// <summary>
/// <c>struct statx</c> (the same on every architecture, unlike <c>struct stat</c>); only the
/// fields the pin root's checks read are named.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct Statx
{
    public const ushort S_IFMT = 0xf000;
    public const ushort S_IFDIR = 0x4000;
    public const ushort S_IFREG = 0x8000;
    public const ushort S_IFLNK = 0xa000;

    public uint stx_mask;
    public uint stx_blksize;
    public ulong stx_attributes;
    public uint stx_nlink;
    public uint stx_uid;
    public uint stx_gid;
    public ushort stx_mode;
    private ushort _pad;
    private fixed ulong _rest[28];

    /// <summary>The file type bits of <see cref="stx_mode"/>.</summary>
    public readonly ushort Type => (ushort)(stx_mode & S_IFMT);

    /// <summary>The permission bits of <see cref="stx_mode"/> (with setuid, setgid and sticky).</summary>
    public readonly int Permissions => stx_mode & 0xfff;
}
