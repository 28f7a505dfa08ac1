using System.Runtime.InteropServices;

namespace TraitsBpf.Loader.Interop;

/// <summary><c>struct statfs</c> on x86-64 and arm64 glibc; only the filesystem type is read.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct StatFs
{
    public long f_type;
    private fixed long _rest[14];
}
