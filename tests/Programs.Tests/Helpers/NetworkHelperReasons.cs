namespace TraitsBpf.Programs.Tests.Helpers;

/// <summary>Why a helper a networking program may call has no C# name there (docs/helpers.md shows these).</summary>
public static class NetworkHelperReasons
{
    private const string Sockets = "not in the SDK yet: a socket pointer must be released on every path (the verifier's reference tracking), which the compiler and managed execution do not model yet";

    private const string SynCookies = "not in the SDK yet: SYN cookies need TCP header pointers with their lengths as the helper checks them, and a managed model of the kernel's cookie secret, which it cannot reproduce";

    private const string SocketIdentity = "not in the SDK yet: the socket's cookie and owner exist only in the kernel, so managed execution would need them as context inputs";

    private const string Cgroups = "not in the SDK yet: cgroup membership and storage have no managed model";

    private const string PerfEvents = "not in the SDK: RingBuffer (bpf_ringbuf_output) replaces perf event output for new programs";

    private const string Tracing = "a tracing helper: a packet program has no task or user memory worth reading; tracing programs read kernel fields through [KernelType] structs instead";

    private const string Formatting = "not in the SDK yet: Bpf.Trace (bpf_trace_printk) formats up to three arguments; strings are not a C# construct the compiler translates";

    private const string Kptrs = "not in the SDK yet: a kptr field is a pointer to a kernel struct tagged __kptr (BTF_KIND_TYPE_TAG) in the map value, which the compiler's BTF writer cannot emit, and an XDP or TC program gets a referenced object to store only from kfuncs the SDK does not declare (bpf_obj_new, bpf_cpumask_create); managed execution has no such objects";

    private const string PerCpuPointers = "not in the SDK yet: it takes a per-CPU kernel variable (an extern __ksym variable such as runqueues) or a per-CPU kptr; the compiler declares kfuncs in .ksyms but no kernel variables, and managed execution has no kernel variables to read";

    private const string UserRingbuf = "not in the SDK yet: it drains a BPF_MAP_TYPE_USER_RINGBUF map, for which the SDK has no class (user space writes, the program reads), calling back with a dynptr per record; the compiler makes callback subprograms (Bpf.Loop, ForEach, BpfTimer), but none taking a dynptr";

    private const string SpinLockInSocketFilters = "Linux refuses a socket filter that uses a map whose value holds a bpf_spin_lock (\"socket filter progs cannot use bpf_spin_lock yet\"), so BpfSpinLock serves XDP and TC";

    private const string RingbufDynptrs = "not in the SDK yet: a ring-buffer dynptr is a reference the verifier requires to be submitted or discarded on every path, even when the reservation failed; the compiler has no check that refuses a path leaving one at its C# line (as it does for BpfSpinLock), and RingBuffer's managed model reserves typed records only";

    private const string RingbufQuery = "not in the SDK yet: RingBuffer's managed model counts the free room but not the producer and consumer positions (BPF_RB_PROD_POS, BPF_RB_CONS_POS) nor the unread bytes the helper reports, so managed execution could not answer it";

    private const string MapKinds = "not in the SDK yet: PerCpuHashMap and PerCpuArrayMap read the running CPU's value; reading another CPU's from a program has no C# face yet";


    private const string TcPacket = "not in the SDK yet: a TC packet helper beyond issue 13's list; it needs the kernel's semantics in managed execution (SkbPacketEdits) like the others";

    private const string Routing = "not in the SDK yet: the route's realm and the xfrm state come from the kernel's routing and IPsec tables, which managed execution does not model";

    /// <summary>By helper name (<c>BPF_FUNC_*</c> without the prefix).</summary>
    public static readonly Dictionary<string, string> All = new(StringComparer.Ordinal)
    {
        ["sk_lookup_tcp"] = Sockets,
        ["sk_lookup_udp"] = Sockets,
        ["skc_lookup_tcp"] = Sockets,
        ["sk_release"] = Sockets,
        ["sk_fullsock"] = Sockets,
        ["tcp_sock"] = Sockets,
        ["get_listener_sock"] = Sockets,
        ["sk_assign"] = Sockets,
        ["skc_to_mptcp_sock"] = Sockets,
        ["skc_to_tcp6_sock"] = Sockets,
        ["skc_to_tcp_request_sock"] = Sockets,
        ["skc_to_tcp_sock"] = Sockets,
        ["skc_to_tcp_timewait_sock"] = Sockets,
        ["skc_to_udp6_sock"] = Sockets,
        ["skc_to_unix_sock"] = Sockets,
        ["sk_storage_get"] = Sockets,
        ["sk_storage_delete"] = Sockets,
        ["tcp_check_syncookie"] = Sockets,
        ["tcp_gen_syncookie"] = Sockets,
        ["tcp_raw_check_syncookie_ipv4"] = SynCookies,
        ["tcp_raw_check_syncookie_ipv6"] = SynCookies,
        ["tcp_raw_gen_syncookie_ipv4"] = SynCookies,
        ["tcp_raw_gen_syncookie_ipv6"] = SynCookies,
        ["get_socket_cookie"] = SocketIdentity,
        ["get_socket_uid"] = SocketIdentity,
        ["cgrp_storage_delete"] = Cgroups,
        ["cgrp_storage_get"] = Cgroups,
        ["get_cgroup_classid"] = Cgroups,
        ["get_current_ancestor_cgroup_id"] = Cgroups,
        ["get_current_cgroup_id"] = Cgroups,
        ["skb_ancestor_cgroup_id"] = Cgroups,
        ["skb_cgroup_classid"] = Cgroups,
        ["skb_cgroup_id"] = Cgroups,
        ["skb_under_cgroup"] = Cgroups,
        ["perf_event_output"] = PerfEvents,
        ["get_current_task"] = Tracing,
        ["get_current_task_btf"] = Tracing,
        ["probe_read_kernel_str"] = Tracing,
        ["probe_read_user"] = Tracing,
        ["probe_read_user_str"] = Tracing,
        ["task_pt_regs"] = Tracing,
        ["get_ns_current_pid_tgid"] = Tracing,
        ["snprintf_btf"] = Tracing,
        ["snprintf"] = Formatting,
        ["trace_vprintk"] = Formatting,
        ["strncmp"] = Formatting,
        ["strtol"] = Formatting,
        ["strtoul"] = Formatting,
        ["spin_lock"] = SpinLockInSocketFilters,
        ["spin_unlock"] = SpinLockInSocketFilters,
        ["kptr_xchg"] = Kptrs,
        ["per_cpu_ptr"] = PerCpuPointers,
        ["this_cpu_ptr"] = PerCpuPointers,
        ["user_ringbuf_drain"] = UserRingbuf,
        ["ringbuf_discard_dynptr"] = RingbufDynptrs,
        ["ringbuf_reserve_dynptr"] = RingbufDynptrs,
        ["ringbuf_submit_dynptr"] = RingbufDynptrs,
        ["ringbuf_query"] = RingbufQuery,
        ["map_lookup_percpu_elem"] = MapKinds,
        ["clone_redirect"] = TcPacket,
        ["csum_level"] = TcPacket,
        ["csum_update"] = TcPacket,
        ["set_hash_invalid"] = TcPacket,
        ["skb_change_head"] = TcPacket,
        ["skb_change_proto"] = TcPacket,
        ["skb_change_type"] = TcPacket,
        ["skb_ecn_set_ce"] = TcPacket,
        ["skb_get_tunnel_opt"] = TcPacket,
        ["skb_set_tunnel_opt"] = TcPacket,
        ["skb_load_bytes_relative"] = TcPacket,
        ["skb_set_tstamp"] = TcPacket,
        ["get_route_realm"] = Routing,
        ["skb_get_xfrm_state"] = Routing,
    };
}
