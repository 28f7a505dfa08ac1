using TraitsBpf.Loader.Pins;

namespace TraitsBpf.Loader.Kernel;

/// <summary>Whether the BPF filesystem is mounted where traitsbpf pins.</summary>
public static class BpfFsMount
{
    /// <summary>True when /sys/fs/bpf is a BPF filesystem.</summary>
    public static bool IsMounted => BpfFileSystem.IsOnBpfFs(BpfFileSystem.MountPoint);
}
