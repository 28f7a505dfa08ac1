namespace TraitsBpf.Programs.Tests.Helpers;

/// <summary>
/// Which helpers the kernel lets XDP, TC (sched_cls and sched_act) and socket filter programs call, written
/// once from Linux 6.12's net/core/filter.c (<c>xdp_func_proto</c>, <c>tc_cls_act_func_proto</c>,
/// <c>sk_filter_func_proto</c>, each falling back to <c>bpf_sk_base_func_proto</c>) and kernel/bpf/helpers.c
/// (<c>bpf_base_func_proto</c>, which they all reach), for a privileged loader with the configuration Debian
/// builds (CONFIG_INET, CONFIG_XFRM, CONFIG_SYN_COOKIES, CONFIG_CGROUP_NET_CLASSID, CONFIG_SOCK_CGROUP_DATA).
/// The helper list has been closed since 6.2, so 6.18 offers the same. Names are <c>BPF_FUNC_*</c> without the prefix.
/// </summary>
public static class NetworkHelperAvailability
{
    /// <summary><c>xdp_func_proto</c>'s own cases.</summary>
    public static readonly string[] XdpOnly =
    [
        "perf_event_output", "get_smp_processor_id", "csum_diff", "xdp_adjust_head", "xdp_adjust_meta", "redirect", "redirect_map",
        "xdp_adjust_tail", "xdp_get_buff_len", "xdp_load_bytes", "xdp_store_bytes", "fib_lookup", "check_mtu", "sk_lookup_udp",
        "sk_lookup_tcp", "sk_release", "skc_lookup_tcp", "tcp_check_syncookie", "tcp_gen_syncookie", "tcp_raw_gen_syncookie_ipv4",
        "tcp_raw_gen_syncookie_ipv6", "tcp_raw_check_syncookie_ipv4", "tcp_raw_check_syncookie_ipv6",
    ];

    /// <summary><c>tc_cls_act_func_proto</c>'s own cases.</summary>
    public static readonly string[] TcOnly =
    [
        "skb_store_bytes", "skb_load_bytes", "skb_load_bytes_relative", "skb_pull_data", "csum_diff", "csum_update", "csum_level",
        "l3_csum_replace", "l4_csum_replace", "clone_redirect", "get_cgroup_classid", "skb_vlan_push", "skb_vlan_pop",
        "skb_change_proto", "skb_change_type", "skb_adjust_room", "skb_change_tail", "skb_change_head", "skb_get_tunnel_key",
        "skb_set_tunnel_key", "skb_get_tunnel_opt", "skb_set_tunnel_opt", "redirect", "redirect_neigh", "redirect_peer",
        "get_route_realm", "get_hash_recalc", "set_hash_invalid", "set_hash", "perf_event_output", "get_smp_processor_id",
        "skb_under_cgroup", "get_socket_cookie", "get_socket_uid", "fib_lookup", "check_mtu", "sk_fullsock", "sk_storage_get",
        "sk_storage_delete", "skb_get_xfrm_state", "skb_cgroup_classid", "skb_cgroup_id", "skb_ancestor_cgroup_id",
        "sk_lookup_tcp", "sk_lookup_udp", "sk_release", "tcp_sock", "get_listener_sock", "skc_lookup_tcp", "tcp_check_syncookie",
        "skb_ecn_set_ce", "tcp_gen_syncookie", "sk_assign", "skb_set_tstamp", "tcp_raw_gen_syncookie_ipv4",
        "tcp_raw_gen_syncookie_ipv6", "tcp_raw_check_syncookie_ipv4", "tcp_raw_check_syncookie_ipv6",
    ];

    /// <summary><c>sk_filter_func_proto</c>'s own cases.</summary>
    public static readonly string[] SocketFilterOnly =
    [
        "skb_load_bytes", "skb_load_bytes_relative", "get_socket_cookie", "get_socket_uid", "perf_event_output",
    ];

    /// <summary><c>bpf_sk_base_func_proto</c>'s own cases, then <c>bpf_base_func_proto</c>'s: every one of the three reaches them.</summary>
    public static readonly string[] Shared =
    [
        "skc_to_tcp6_sock", "skc_to_tcp_sock", "skc_to_tcp_timewait_sock", "skc_to_tcp_request_sock", "skc_to_udp6_sock",
        "skc_to_unix_sock", "skc_to_mptcp_sock", "ktime_get_coarse_ns",
        "map_lookup_elem", "map_update_elem", "map_delete_elem", "map_push_elem", "map_pop_elem", "map_peek_elem",
        "map_lookup_percpu_elem", "get_prandom_u32", "get_smp_processor_id", "get_numa_node_id", "tail_call", "ktime_get_ns",
        "ktime_get_boot_ns", "ktime_get_tai_ns", "ringbuf_output", "ringbuf_reserve", "ringbuf_submit", "ringbuf_discard",
        "ringbuf_query", "strncmp", "strtol", "strtoul", "get_current_pid_tgid", "get_ns_current_pid_tgid", "spin_lock",
        "spin_unlock", "jiffies64", "per_cpu_ptr", "this_cpu_ptr", "timer_init", "timer_set_callback", "timer_start",
        "timer_cancel", "kptr_xchg", "for_each_map_elem", "loop", "user_ringbuf_drain", "ringbuf_reserve_dynptr",
        "ringbuf_submit_dynptr", "ringbuf_discard_dynptr", "dynptr_from_mem", "dynptr_read", "dynptr_write", "dynptr_data",
        "cgrp_storage_get", "cgrp_storage_delete", "get_current_cgroup_id", "get_current_ancestor_cgroup_id", "trace_printk",
        "get_current_task", "get_current_task_btf", "probe_read_user", "probe_read_kernel", "probe_read_user_str",
        "probe_read_kernel_str", "snprintf_btf", "snprintf", "task_pt_regs", "trace_vprintk",
    ];
}
