using System.Runtime.InteropServices;

namespace TraitsBpf.Loader.Interop;

/// <summary>Owns a kernel file descriptor (a BPF program, map, link or a socket) and closes it once.</summary>
internal sealed class FileDescriptorHandle : SafeHandle
{
    public FileDescriptorHandle(int fd)
        : base(new nint(-1), ownsHandle: true)
    {
        SetHandle(fd);
    }

    public override bool IsInvalid => handle.ToInt64() < 0;

    /// <summary>The descriptor as libbpf expects it.</summary>
    public int Fd => IsClosed ? throw new ObjectDisposedException(nameof(FileDescriptorHandle)) : (int)handle;

    protected override bool ReleaseHandle() => LibC.close((int)handle) == 0;
}
