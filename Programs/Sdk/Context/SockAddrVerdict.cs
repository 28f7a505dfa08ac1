namespace TraitsBpf;

/// <summary>
/// What a cgroup socket-address program tells the kernel. The recvmsg, getpeername and getsockname hooks
/// can only rewrite the address, not refuse: their programs must return <see cref="Allow"/>.
/// </summary>
public enum SockAddrVerdict
{
    /// <summary>0: refuse the call; bind, connect and sendmsg fail with EPERM.</summary>
    Deny = 0,
    /// <summary>1: let the call go on, with the address as the program left it.</summary>
    Allow = 1,
}
