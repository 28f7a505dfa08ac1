using TraitsBpf.Loader.Pins;

namespace TraitsBpf.Loader.Kernel;

/// <summary>Whether the BPF filesystem is mounted where traitsbpf pins.</summary>
public static class BpfFsMount
{
    /// <summary>True when /sys/fs/bpf is a BPF filesystem.</summary>
    public static bool IsMounted => BpfFileSystem.IsOnBpfFs(BpfFileSystem.MountPoint);

    /// <summary>True when <paramref name="path"/> exists on a BPF filesystem (is a pin or a pin directory).</summary>
    public static bool IsOnBpfFs(string path) => BpfFileSystem.IsOnBpfFs(path);
}
