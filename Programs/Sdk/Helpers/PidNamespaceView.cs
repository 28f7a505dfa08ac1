namespace TraitsBpf;

/// <summary>
/// The running task as its active pid namespace sees it, for <see cref="Bpf.GetNsCurrentPidTgid"/> in managed execution:
/// the namespace's device and inode numbers (what <c>stat</c> of <c>/proc/self/ns/pid</c> gives) and the thread and
/// process ids in it. The kernel takes them from the task running the program, which managed execution does not know.
/// </summary>
/// <param name="Device">st_dev of the namespace's file.</param>
/// <param name="Inode">st_ino of the namespace's file.</param>
/// <param name="Pid">The thread's id in the namespace.</param>
/// <param name="Tgid">The process's id in the namespace.</param>
public sealed record PidNamespaceView(ulong Device, ulong Inode, uint Pid, uint Tgid);
