using System.Runtime.InteropServices;

namespace TraitsBpf;

/// <summary>
/// <c>struct bpf_pidns_info</c>: the running task's thread id and process id as a pid namespace sees them, which
/// <see cref="Bpf.GetNsCurrentPidTgid"/> fills.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct PidNamespaceInfo
{
    /// <summary>The thread's id in the namespace (the kernel's pid).</summary>
    public uint Pid;

    /// <summary>The process's id in the namespace (the kernel's tgid).</summary>
    public uint Tgid;
}
