namespace TraitsBpf;

/// <summary>
/// Declares a cgroup socket-address program (BPF_PROG_TYPE_CGROUP_SOCK_ADDR): it runs when a process in the
/// cgroup it is attached to binds, connects, sends or receives UDP datagrams, or asks a socket's names, and
/// may read and rewrite the address. The method must be <c>static</c>, take one <see cref="SockAddrContext"/>
/// and return <see cref="SockAddrVerdict"/>. The object section is <c>cgroup/&lt;hook&gt;</c>
/// (<c>cgroup/sendmsg4</c>, ...); <c>traitsbpf load --cgroup PATH</c> attaches it to a cgroup v2 directory.
/// </summary>
/// <param name="name">Program name: letters, digits and underscores, at most 15 characters.</param>
/// <param name="hook">The hook the program runs at, which also decides which address fields it may use.</param>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class CgroupSockAddrAttribute(string name, SockAddrHook hook) : Attribute
{
    /// <summary>The program name.</summary>
    public string Name { get; } = name;

    /// <summary>The hook the program runs at.</summary>
    public SockAddrHook Hook { get; } = hook;
}
