namespace TraitsBpf.Cli.Output;

/// <summary>What <c>kernel --json</c> prints.</summary>
/// <param name="Release">The kernel release.</param>
/// <param name="Btf">Whether /sys/kernel/btf/vmlinux exists.</param>
/// <param name="TraitKfuncs">Each trait kfunc and whether it is present.</param>
/// <param name="TraitsBackend">kfunc or meta.</param>
/// <param name="XdpLinks">XDP attach through bpf_link.</param>
/// <param name="TcxLinks">TC attach through tcx links.</param>
/// <param name="BpfFsMounted">Whether /sys/fs/bpf is a BPF filesystem now.</param>
/// <param name="SocketTraits">Whether sockets receive packet traits (SOL_BPF SO_BPF_TRAITS).</param>
/// <param name="Freplace">Whether the kernel loads freplace programs, which libxdp's XDP dispatcher needs: <c>yes</c>, <c>refused</c>, or null when unknown (probing needs root).</param>
/// <param name="CgroupV2">Whether the kernel offers cgroup v2, which <c>load --cgroup</c> attaches to.</param>
/// <param name="CgroupV2Mounts">Where cgroup v2 is mounted in traitsbpf's mount namespace.</param>
/// <param name="SockAddrTraits">Whether cgroup sendmsg and recvmsg programs reach datagrams' traits (the bpf_sock_addr_trait_* kfuncs).</param>
/// <param name="SockAddrControlMessages">Whether cgroup recvmsg programs put control messages and sendmsg programs read the sender's (bpf_sock_addr_put_cmsg, bpf_sock_addr_cmsg_read).</param>
public sealed record KernelReport(string Release, bool Btf, IReadOnlyDictionary<string, bool> TraitKfuncs, string TraitsBackend, bool XdpLinks, bool TcxLinks, bool BpfFsMounted,
    bool SocketTraits, string? Freplace = null, bool CgroupV2 = false, IReadOnlyList<string>? CgroupV2Mounts = null, bool SockAddrTraits = false, bool SockAddrControlMessages = false);
