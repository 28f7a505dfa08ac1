namespace TraitsBpf.Programs.Tests.Helpers;

/// <summary>Why a helper a networking program may call has no C# name there (docs/helpers.md shows these).</summary>
public static class NetworkHelperReasons
{
    private const string SocketCasts = "not in the SDK yet: it casts a socket to the kernel's own struct (tcp_sock, udp6_sock, ...) as a BTF pointer, which the compiler reads with CO-RE through [KernelType] structs (as TcContext.KernelSkBuff), but the SDK declares no [KernelType] view of these structs and SocketTable holds none for managed execution to return";

    private const string SynCookies = "not in the SDK yet: SYN cookies need TCP header pointers with their lengths as the helper checks them, and a managed model of the kernel's cookie secret, which it cannot reproduce";

    private const string Cgroups = "not in the SDK yet: cgroup membership and storage have no managed model";

    private const string PerfEvents = "not in the SDK: RingBuffer (bpf_ringbuf_output) replaces perf event output for new programs";

    private const string Tracing = "a tracing helper: a packet program has no task or user memory worth reading; tracing programs read kernel fields through [KernelType] structs instead";

    private const string Formatting = "not in the SDK yet: Bpf.Trace (bpf_trace_printk) formats up to three arguments; strings are not a C# construct the compiler translates";

    private const string KernelObjects = "not in the SDK yet: spin locks, timers, kptrs and per-CPU pointers live in map values with BTF-described special fields the SDK cannot declare yet";

    private const string Callbacks = "not in the SDK yet: it calls back into the program; the compiler makes callback subprograms (Bpf.Loop uses them), but this helper has no C# face yet";

    private const string Dynptrs = "not in the SDK yet: Dynptr covers packet and metadata dynptrs (XDP, sk_buff); memory and ring-buffer dynptrs have no C# face yet";

    private const string MapKinds = "not in the SDK yet: PerCpuHashMap and PerCpuArrayMap read the running CPU's value; reading another CPU's from a program has no C# face yet";

    /// <summary>By helper name (<c>BPF_FUNC_*</c> without the prefix).</summary>
    public static readonly Dictionary<string, string> All = new(StringComparer.Ordinal)
    {
        ["skc_to_mptcp_sock"] = SocketCasts,
        ["skc_to_tcp6_sock"] = SocketCasts,
        ["skc_to_tcp_request_sock"] = SocketCasts,
        ["skc_to_tcp_sock"] = SocketCasts,
        ["skc_to_tcp_timewait_sock"] = SocketCasts,
        ["skc_to_udp6_sock"] = SocketCasts,
        ["skc_to_unix_sock"] = SocketCasts,
        ["tcp_check_syncookie"] = SynCookies,
        ["tcp_gen_syncookie"] = SynCookies,
        ["tcp_raw_check_syncookie_ipv4"] = SynCookies,
        ["tcp_raw_check_syncookie_ipv6"] = SynCookies,
        ["tcp_raw_gen_syncookie_ipv4"] = SynCookies,
        ["tcp_raw_gen_syncookie_ipv6"] = SynCookies,
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
        ["spin_lock"] = KernelObjects,
        ["spin_unlock"] = KernelObjects,
        ["timer_cancel"] = KernelObjects,
        ["timer_init"] = KernelObjects,
        ["timer_set_callback"] = KernelObjects,
        ["timer_start"] = KernelObjects,
        ["kptr_xchg"] = KernelObjects,
        ["per_cpu_ptr"] = KernelObjects,
        ["this_cpu_ptr"] = KernelObjects,
        ["user_ringbuf_drain"] = Callbacks,
        ["dynptr_data"] = Dynptrs,
        ["dynptr_from_mem"] = Dynptrs,
        ["ringbuf_discard_dynptr"] = Dynptrs,
        ["ringbuf_reserve_dynptr"] = Dynptrs,
        ["ringbuf_submit_dynptr"] = Dynptrs,
        ["ringbuf_query"] = Dynptrs,
        ["map_lookup_percpu_elem"] = MapKinds,
    };
}
