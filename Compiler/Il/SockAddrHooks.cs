namespace TraitsBpf.Compiler.Il;

/// <summary>
/// The cgroup socket-address hooks the SDK's <c>SockAddrHook</c> names, by their libbpf section suffix
/// (<c>sendmsg4</c>, ...), and the kernel's rules that differ between them: which address fields a program may
/// touch and whether it may refuse the call (net/core/filter.c's sock_addr_is_valid_access, the verifier's
/// return-range check).
/// </summary>
internal static class SockAddrHooks
{
    /// <summary>The section suffixes in the order of the SDK's <c>SockAddrHook</c> values.</summary>
    private static readonly string[] Suffixes =
    [
        "bind4", "bind6", "connect4", "connect6", "sendmsg4", "sendmsg6", "recvmsg4", "recvmsg6",
        "getpeername4", "getpeername6", "getsockname4", "getsockname6",
    ];

    /// <summary>The section suffix of the SDK hook value <paramref name="hook"/>, or null when it is not one.</summary>
    public static string? SuffixOf(int hook) => hook >= 0 && hook < Suffixes.Length ? Suffixes[hook] : null;

    /// <summary>Whether a program at <paramref name="suffix"/> may return 0: bind, connect and sendmsg may refuse; the others only rewrite.</summary>
    public static bool MayDeny(string suffix) =>
        suffix.StartsWith("bind", StringComparison.Ordinal) || suffix.StartsWith("connect", StringComparison.Ordinal)
        || suffix.StartsWith("sendmsg", StringComparison.Ordinal);

    /// <summary>
    /// Why a program at <paramref name="suffix"/> may not use <c>ctx.Traits</c>, or null when the packet-traits series
    /// allows it: the UDP message hooks have a datagram (sendmsg changes the store it leaves with, recvmsg the store
    /// user space receives).
    /// </summary>
    public static string? TraitRefusal(string suffix) => suffix switch
    {
        "sendmsg4" or "sendmsg6" or "recvmsg4" or "recvmsg6" => null,
        _ => Abi.TraitKfuncs.SockAddrWithoutDatagram,
    };

    /// <summary>
    /// Why a program at <paramref name="suffix"/> may not call the series' control-message kfunc
    /// <paramref name="kfunc"/>, or null when it may (or <paramref name="kfunc"/> is another function).
    /// </summary>
    public static string? KfuncRefusal(string kfunc, string suffix) => kfunc switch
    {
        Abi.TraitKfuncs.SockAddrPutControlMessage when suffix is not ("recvmsg4" or "recvmsg6") => Abi.TraitKfuncs.PutControlMessageAtRecvmsgOnly,
        Abi.TraitKfuncs.SockAddrReadControlMessage when suffix is not ("sendmsg4" or "sendmsg6") => Abi.TraitKfuncs.ReadControlMessageAtSendmsgOnly,
        _ => null,
    };

    /// <summary>
    /// Why a program at <paramref name="suffix"/> may not use <c>bpf_sock_addr</c>'s <paramref name="field"/> (with
    /// a store when <paramref name="write"/>), or null when the kernel allows it.
    /// </summary>
    public static string? Refusal(string field, string suffix, bool write)
    {
        bool ipv4 = suffix.EndsWith('4');
        return field switch
        {
            "user_family" or "family" or "type" or "protocol" when write => $"{field} is read-only",
            "user_ip4" when !ipv4 => "user_ip4 exists only at the IPv4 hooks",
            "user_ip6" when ipv4 => "user_ip6 exists only at the IPv6 hooks",
            "msg_src_ip4" when suffix != "sendmsg4" => "msg_src_ip4 exists only at cgroup/sendmsg4",
            "msg_src_ip6" when suffix != "sendmsg6" => "msg_src_ip6 exists only at cgroup/sendmsg6",
            _ => null,
        };
    }
}
