namespace TraitsBpf.Object;

/// <summary>
/// The kernel's BPF helpers, by their number in uapi <c>enum bpf_func_id</c>: every helper of
/// Linux 6.12 and 6.18 (the list has not grown since 6.2; new kernel functions are kfuncs).
/// Each member's summary is the helper's C prototype; <see cref="BpfHelpers"/> holds what the
/// toolchain knows about each.
/// </summary>
/// <remarks>
/// Generated once from <c>___BPF_FUNC_MAPPER</c> in Linux 6.12's <c>include/uapi/linux/bpf.h</c>
/// and checked against the running 6.18 kernel's BTF; docs/vocabulary.md says how to add one.
/// </remarks>
public enum BpfHelper
{
    /// <summary><c>BPF_FUNC_unspec</c>: no helper; the kernel refuses a call of it.</summary>
    Unspecified = 0,

    /// <summary><c>void *bpf_map_lookup_elem(struct bpf_map *map, const void *key)</c></summary>
    MapLookupElem = 1,

    /// <summary><c>long bpf_map_update_elem(struct bpf_map *map, const void *key, const void *value, u64 flags)</c></summary>
    MapUpdateElem = 2,

    /// <summary><c>long bpf_map_delete_elem(struct bpf_map *map, const void *key)</c></summary>
    MapDeleteElem = 3,

    /// <summary><c>long bpf_probe_read(void *dst, u32 size, const void *unsafe_ptr)</c></summary>
    ProbeRead = 4,

    /// <summary><c>u64 bpf_ktime_get_ns(void)</c></summary>
    KtimeGetNs = 5,

    /// <summary><c>long bpf_trace_printk(const char *fmt, u32 fmt_size, ...)</c></summary>
    TracePrintk = 6,

    /// <summary><c>u32 bpf_get_prandom_u32(void)</c></summary>
    GetPrandomU32 = 7,

    /// <summary><c>u32 bpf_get_smp_processor_id(void)</c></summary>
    GetSmpProcessorId = 8,

    /// <summary><c>long bpf_skb_store_bytes(struct sk_buff *skb, u32 offset, const void *from, u32 len, u64 flags)</c></summary>
    SkbStoreBytes = 9,

    /// <summary><c>long bpf_l3_csum_replace(struct sk_buff *skb, u32 offset, u64 from, u64 to, u64 size)</c></summary>
    L3CsumReplace = 10,

    /// <summary><c>long bpf_l4_csum_replace(struct sk_buff *skb, u32 offset, u64 from, u64 to, u64 flags)</c></summary>
    L4CsumReplace = 11,

    /// <summary><c>long bpf_tail_call(void *ctx, struct bpf_map *prog_array_map, u32 index)</c></summary>
    TailCall = 12,

    /// <summary><c>long bpf_clone_redirect(struct sk_buff *skb, u32 ifindex, u64 flags)</c></summary>
    CloneRedirect = 13,

    /// <summary><c>u64 bpf_get_current_pid_tgid(void)</c></summary>
    GetCurrentPidTgid = 14,

    /// <summary><c>u64 bpf_get_current_uid_gid(void)</c></summary>
    GetCurrentUidGid = 15,

    /// <summary><c>long bpf_get_current_comm(void *buf, u32 size_of_buf)</c></summary>
    GetCurrentComm = 16,

    /// <summary><c>u32 bpf_get_cgroup_classid(struct sk_buff *skb)</c></summary>
    GetCgroupClassid = 17,

    /// <summary><c>long bpf_skb_vlan_push(struct sk_buff *skb, __be16 vlan_proto, u16 vlan_tci)</c></summary>
    SkbVlanPush = 18,

    /// <summary><c>long bpf_skb_vlan_pop(struct sk_buff *skb)</c></summary>
    SkbVlanPop = 19,

    /// <summary><c>long bpf_skb_get_tunnel_key(struct sk_buff *skb, struct bpf_tunnel_key *key, u32 size, u64 flags)</c></summary>
    SkbGetTunnelKey = 20,

    /// <summary><c>long bpf_skb_set_tunnel_key(struct sk_buff *skb, struct bpf_tunnel_key *key, u32 size, u64 flags)</c></summary>
    SkbSetTunnelKey = 21,

    /// <summary><c>u64 bpf_perf_event_read(struct bpf_map *map, u64 flags)</c></summary>
    PerfEventRead = 22,

    /// <summary><c>long bpf_redirect(u32 ifindex, u64 flags)</c></summary>
    Redirect = 23,

    /// <summary><c>u32 bpf_get_route_realm(struct sk_buff *skb)</c></summary>
    GetRouteRealm = 24,

    /// <summary><c>long bpf_perf_event_output(void *ctx, struct bpf_map *map, u64 flags, void *data, u64 size)</c></summary>
    PerfEventOutput = 25,

    /// <summary><c>long bpf_skb_load_bytes(const void *skb, u32 offset, void *to, u32 len)</c></summary>
    SkbLoadBytes = 26,

    /// <summary><c>long bpf_get_stackid(void *ctx, struct bpf_map *map, u64 flags)</c></summary>
    GetStackid = 27,

    /// <summary><c>s64 bpf_csum_diff(__be32 *from, u32 from_size, __be32 *to, u32 to_size, __wsum seed)</c></summary>
    CsumDiff = 28,

    /// <summary><c>long bpf_skb_get_tunnel_opt(struct sk_buff *skb, void *opt, u32 size)</c></summary>
    SkbGetTunnelOpt = 29,

    /// <summary><c>long bpf_skb_set_tunnel_opt(struct sk_buff *skb, void *opt, u32 size)</c></summary>
    SkbSetTunnelOpt = 30,

    /// <summary><c>long bpf_skb_change_proto(struct sk_buff *skb, __be16 proto, u64 flags)</c></summary>
    SkbChangeProto = 31,

    /// <summary><c>long bpf_skb_change_type(struct sk_buff *skb, u32 type)</c></summary>
    SkbChangeType = 32,

    /// <summary><c>long bpf_skb_under_cgroup(struct sk_buff *skb, struct bpf_map *map, u32 index)</c></summary>
    SkbUnderCgroup = 33,

    /// <summary><c>u32 bpf_get_hash_recalc(struct sk_buff *skb)</c></summary>
    GetHashRecalc = 34,

    /// <summary><c>u64 bpf_get_current_task(void)</c></summary>
    GetCurrentTask = 35,

    /// <summary><c>long bpf_probe_write_user(void *dst, const void *src, u32 len)</c></summary>
    ProbeWriteUser = 36,

    /// <summary><c>long bpf_current_task_under_cgroup(struct bpf_map *map, u32 index)</c></summary>
    CurrentTaskUnderCgroup = 37,

    /// <summary><c>long bpf_skb_change_tail(struct sk_buff *skb, u32 len, u64 flags)</c></summary>
    SkbChangeTail = 38,

    /// <summary><c>long bpf_skb_pull_data(struct sk_buff *skb, u32 len)</c></summary>
    SkbPullData = 39,

    /// <summary><c>s64 bpf_csum_update(struct sk_buff *skb, __wsum csum)</c></summary>
    CsumUpdate = 40,

    /// <summary><c>void bpf_set_hash_invalid(struct sk_buff *skb)</c></summary>
    SetHashInvalid = 41,

    /// <summary><c>long bpf_get_numa_node_id(void)</c></summary>
    GetNumaNodeId = 42,

    /// <summary><c>long bpf_skb_change_head(struct sk_buff *skb, u32 len, u64 flags)</c></summary>
    SkbChangeHead = 43,

    /// <summary><c>long bpf_xdp_adjust_head(struct xdp_buff *xdp_md, int delta)</c></summary>
    XdpAdjustHead = 44,

    /// <summary><c>long bpf_probe_read_str(void *dst, u32 size, const void *unsafe_ptr)</c></summary>
    ProbeReadStr = 45,

    /// <summary><c>u64 bpf_get_socket_cookie(struct sk_buff *skb)</c></summary>
    GetSocketCookie = 46,

    /// <summary><c>u32 bpf_get_socket_uid(struct sk_buff *skb)</c></summary>
    GetSocketUid = 47,

    /// <summary><c>long bpf_set_hash(struct sk_buff *skb, u32 hash)</c></summary>
    SetHash = 48,

    /// <summary><c>long bpf_setsockopt(void *bpf_socket, int level, int optname, void *optval, int optlen)</c></summary>
    Setsockopt = 49,

    /// <summary><c>long bpf_skb_adjust_room(struct sk_buff *skb, s32 len_diff, u32 mode, u64 flags)</c></summary>
    SkbAdjustRoom = 50,

    /// <summary><c>long bpf_redirect_map(struct bpf_map *map, u64 key, u64 flags)</c></summary>
    RedirectMap = 51,

    /// <summary><c>long bpf_sk_redirect_map(struct sk_buff *skb, struct bpf_map *map, u32 key, u64 flags)</c></summary>
    SkRedirectMap = 52,

    /// <summary><c>long bpf_sock_map_update(struct bpf_sock_ops *skops, struct bpf_map *map, void *key, u64 flags)</c></summary>
    SockMapUpdate = 53,

    /// <summary><c>long bpf_xdp_adjust_meta(struct xdp_buff *xdp_md, int delta)</c></summary>
    XdpAdjustMeta = 54,

    /// <summary><c>long bpf_perf_event_read_value(struct bpf_map *map, u64 flags, struct bpf_perf_event_value *buf, u32 buf_size)</c></summary>
    PerfEventReadValue = 55,

    /// <summary><c>long bpf_perf_prog_read_value(struct bpf_perf_event_data *ctx, struct bpf_perf_event_value *buf, u32 buf_size)</c></summary>
    PerfProgReadValue = 56,

    /// <summary><c>long bpf_getsockopt(void *bpf_socket, int level, int optname, void *optval, int optlen)</c></summary>
    Getsockopt = 57,

    /// <summary><c>long bpf_override_return(struct pt_regs *regs, u64 rc)</c></summary>
    OverrideReturn = 58,

    /// <summary><c>long bpf_sock_ops_cb_flags_set(struct bpf_sock_ops *bpf_sock, int argval)</c></summary>
    SockOpsCbFlagsSet = 59,

    /// <summary><c>long bpf_msg_redirect_map(struct sk_msg_buff *msg, struct bpf_map *map, u32 key, u64 flags)</c></summary>
    MsgRedirectMap = 60,

    /// <summary><c>long bpf_msg_apply_bytes(struct sk_msg_buff *msg, u32 bytes)</c></summary>
    MsgApplyBytes = 61,

    /// <summary><c>long bpf_msg_cork_bytes(struct sk_msg_buff *msg, u32 bytes)</c></summary>
    MsgCorkBytes = 62,

    /// <summary><c>long bpf_msg_pull_data(struct sk_msg_buff *msg, u32 start, u32 end, u64 flags)</c></summary>
    MsgPullData = 63,

    /// <summary><c>long bpf_bind(struct bpf_sock_addr *ctx, struct sockaddr *addr, int addr_len)</c></summary>
    Bind = 64,

    /// <summary><c>long bpf_xdp_adjust_tail(struct xdp_buff *xdp_md, int delta)</c></summary>
    XdpAdjustTail = 65,

    /// <summary><c>long bpf_skb_get_xfrm_state(struct sk_buff *skb, u32 index, struct bpf_xfrm_state *xfrm_state, u32 size, u64 flags)</c></summary>
    SkbGetXfrmState = 66,

    /// <summary><c>long bpf_get_stack(void *ctx, void *buf, u32 size, u64 flags)</c></summary>
    GetStack = 67,

    /// <summary><c>long bpf_skb_load_bytes_relative(const void *skb, u32 offset, void *to, u32 len, u32 start_header)</c></summary>
    SkbLoadBytesRelative = 68,

    /// <summary><c>long bpf_fib_lookup(void *ctx, struct bpf_fib_lookup *params, int plen, u32 flags)</c></summary>
    FibLookup = 69,

    /// <summary><c>long bpf_sock_hash_update(struct bpf_sock_ops *skops, struct bpf_map *map, void *key, u64 flags)</c></summary>
    SockHashUpdate = 70,

    /// <summary><c>long bpf_msg_redirect_hash(struct sk_msg_buff *msg, struct bpf_map *map, void *key, u64 flags)</c></summary>
    MsgRedirectHash = 71,

    /// <summary><c>long bpf_sk_redirect_hash(struct sk_buff *skb, struct bpf_map *map, void *key, u64 flags)</c></summary>
    SkRedirectHash = 72,

    /// <summary><c>long bpf_lwt_push_encap(struct sk_buff *skb, u32 type, void *hdr, u32 len)</c></summary>
    LwtPushEncap = 73,

    /// <summary><c>long bpf_lwt_seg6_store_bytes(struct sk_buff *skb, u32 offset, const void *from, u32 len)</c></summary>
    LwtSeg6StoreBytes = 74,

    /// <summary><c>long bpf_lwt_seg6_adjust_srh(struct sk_buff *skb, u32 offset, s32 delta)</c></summary>
    LwtSeg6AdjustSrh = 75,

    /// <summary><c>long bpf_lwt_seg6_action(struct sk_buff *skb, u32 action, void *param, u32 param_len)</c></summary>
    LwtSeg6Action = 76,

    /// <summary><c>long bpf_rc_repeat(void *ctx)</c></summary>
    RcRepeat = 77,

    /// <summary><c>long bpf_rc_keydown(void *ctx, u32 protocol, u64 scancode, u32 toggle)</c></summary>
    RcKeydown = 78,

    /// <summary><c>u64 bpf_skb_cgroup_id(struct sk_buff *skb)</c></summary>
    SkbCgroupId = 79,

    /// <summary><c>u64 bpf_get_current_cgroup_id(void)</c></summary>
    GetCurrentCgroupId = 80,

    /// <summary><c>void *bpf_get_local_storage(void *map, u64 flags)</c></summary>
    GetLocalStorage = 81,

    /// <summary><c>long bpf_sk_select_reuseport(struct sk_reuseport_md *reuse, struct bpf_map *map, void *key, u64 flags)</c></summary>
    SkSelectReuseport = 82,

    /// <summary><c>u64 bpf_skb_ancestor_cgroup_id(struct sk_buff *skb, int ancestor_level)</c></summary>
    SkbAncestorCgroupId = 83,

    /// <summary><c>struct bpf_sock *bpf_sk_lookup_tcp(void *ctx, struct bpf_sock_tuple *tuple, u32 tuple_size, u64 netns, u64 flags)</c></summary>
    SkLookupTcp = 84,

    /// <summary><c>struct bpf_sock *bpf_sk_lookup_udp(void *ctx, struct bpf_sock_tuple *tuple, u32 tuple_size, u64 netns, u64 flags)</c></summary>
    SkLookupUdp = 85,

    /// <summary><c>long bpf_sk_release(void *sock)</c></summary>
    SkRelease = 86,

    /// <summary><c>long bpf_map_push_elem(struct bpf_map *map, const void *value, u64 flags)</c></summary>
    MapPushElem = 87,

    /// <summary><c>long bpf_map_pop_elem(struct bpf_map *map, void *value)</c></summary>
    MapPopElem = 88,

    /// <summary><c>long bpf_map_peek_elem(struct bpf_map *map, void *value)</c></summary>
    MapPeekElem = 89,

    /// <summary><c>long bpf_msg_push_data(struct sk_msg_buff *msg, u32 start, u32 len, u64 flags)</c></summary>
    MsgPushData = 90,

    /// <summary><c>long bpf_msg_pop_data(struct sk_msg_buff *msg, u32 start, u32 len, u64 flags)</c></summary>
    MsgPopData = 91,

    /// <summary><c>long bpf_rc_pointer_rel(void *ctx, s32 rel_x, s32 rel_y)</c></summary>
    RcPointerRel = 92,

    /// <summary><c>long bpf_spin_lock(struct bpf_spin_lock *lock)</c></summary>
    SpinLock = 93,

    /// <summary><c>long bpf_spin_unlock(struct bpf_spin_lock *lock)</c></summary>
    SpinUnlock = 94,

    /// <summary><c>struct bpf_sock *bpf_sk_fullsock(struct bpf_sock *sk)</c></summary>
    SkFullsock = 95,

    /// <summary><c>struct bpf_tcp_sock *bpf_tcp_sock(struct bpf_sock *sk)</c></summary>
    TcpSock = 96,

    /// <summary><c>long bpf_skb_ecn_set_ce(struct sk_buff *skb)</c></summary>
    SkbEcnSetCe = 97,

    /// <summary><c>struct bpf_sock *bpf_get_listener_sock(struct bpf_sock *sk)</c></summary>
    GetListenerSock = 98,

    /// <summary><c>struct bpf_sock *bpf_skc_lookup_tcp(void *ctx, struct bpf_sock_tuple *tuple, u32 tuple_size, u64 netns, u64 flags)</c></summary>
    SkcLookupTcp = 99,

    /// <summary><c>long bpf_tcp_check_syncookie(void *sk, void *iph, u32 iph_len, struct tcphdr *th, u32 th_len)</c></summary>
    TcpCheckSyncookie = 100,

    /// <summary><c>long bpf_sysctl_get_name(struct bpf_sysctl *ctx, char *buf, size_t buf_len, u64 flags)</c></summary>
    SysctlGetName = 101,

    /// <summary><c>long bpf_sysctl_get_current_value(struct bpf_sysctl *ctx, char *buf, size_t buf_len)</c></summary>
    SysctlGetCurrentValue = 102,

    /// <summary><c>long bpf_sysctl_get_new_value(struct bpf_sysctl *ctx, char *buf, size_t buf_len)</c></summary>
    SysctlGetNewValue = 103,

    /// <summary><c>long bpf_sysctl_set_new_value(struct bpf_sysctl *ctx, const char *buf, size_t buf_len)</c></summary>
    SysctlSetNewValue = 104,

    /// <summary><c>long bpf_strtol(const char *buf, size_t buf_len, u64 flags, long *res)</c></summary>
    Strtol = 105,

    /// <summary><c>long bpf_strtoul(const char *buf, size_t buf_len, u64 flags, unsigned long *res)</c></summary>
    Strtoul = 106,

    /// <summary><c>void *bpf_sk_storage_get(struct bpf_map *map, void *sk, void *value, u64 flags)</c></summary>
    SkStorageGet = 107,

    /// <summary><c>long bpf_sk_storage_delete(struct bpf_map *map, void *sk)</c></summary>
    SkStorageDelete = 108,

    /// <summary><c>long bpf_send_signal(u32 sig)</c></summary>
    SendSignal = 109,

    /// <summary><c>s64 bpf_tcp_gen_syncookie(void *sk, void *iph, u32 iph_len, struct tcphdr *th, u32 th_len)</c></summary>
    TcpGenSyncookie = 110,

    /// <summary><c>long bpf_skb_output(void *ctx, struct bpf_map *map, u64 flags, void *data, u64 size)</c></summary>
    SkbOutput = 111,

    /// <summary><c>long bpf_probe_read_user(void *dst, u32 size, const void *unsafe_ptr)</c></summary>
    ProbeReadUser = 112,

    /// <summary><c>long bpf_probe_read_kernel(void *dst, u32 size, const void *unsafe_ptr)</c></summary>
    ProbeReadKernel = 113,

    /// <summary><c>long bpf_probe_read_user_str(void *dst, u32 size, const void *unsafe_ptr)</c></summary>
    ProbeReadUserStr = 114,

    /// <summary><c>long bpf_probe_read_kernel_str(void *dst, u32 size, const void *unsafe_ptr)</c></summary>
    ProbeReadKernelStr = 115,

    /// <summary><c>long bpf_tcp_send_ack(void *tp, u32 rcv_nxt)</c></summary>
    TcpSendAck = 116,

    /// <summary><c>long bpf_send_signal_thread(u32 sig)</c></summary>
    SendSignalThread = 117,

    /// <summary><c>u64 bpf_jiffies64(void)</c></summary>
    Jiffies64 = 118,

    /// <summary><c>long bpf_read_branch_records(struct bpf_perf_event_data *ctx, void *buf, u32 size, u64 flags)</c></summary>
    ReadBranchRecords = 119,

    /// <summary><c>long bpf_get_ns_current_pid_tgid(u64 dev, u64 ino, struct bpf_pidns_info *nsdata, u32 size)</c></summary>
    GetNsCurrentPidTgid = 120,

    /// <summary><c>long bpf_xdp_output(void *ctx, struct bpf_map *map, u64 flags, void *data, u64 size)</c></summary>
    XdpOutput = 121,

    /// <summary><c>u64 bpf_get_netns_cookie(void *ctx)</c></summary>
    GetNetnsCookie = 122,

    /// <summary><c>u64 bpf_get_current_ancestor_cgroup_id(int ancestor_level)</c></summary>
    GetCurrentAncestorCgroupId = 123,

    /// <summary><c>long bpf_sk_assign(struct sk_buff *skb, void *sk, u64 flags)</c></summary>
    SkAssign = 124,

    /// <summary><c>u64 bpf_ktime_get_boot_ns(void)</c></summary>
    KtimeGetBootNs = 125,

    /// <summary><c>long bpf_seq_printf(struct seq_file *m, const char *fmt, u32 fmt_size, const void *data, u32 data_len)</c></summary>
    SeqPrintf = 126,

    /// <summary><c>long bpf_seq_write(struct seq_file *m, const void *data, u32 len)</c></summary>
    SeqWrite = 127,

    /// <summary><c>u64 bpf_sk_cgroup_id(void *sk)</c></summary>
    SkCgroupId = 128,

    /// <summary><c>u64 bpf_sk_ancestor_cgroup_id(void *sk, int ancestor_level)</c></summary>
    SkAncestorCgroupId = 129,

    /// <summary><c>long bpf_ringbuf_output(void *ringbuf, void *data, u64 size, u64 flags)</c></summary>
    RingbufOutput = 130,

    /// <summary><c>void *bpf_ringbuf_reserve(void *ringbuf, u64 size, u64 flags)</c></summary>
    RingbufReserve = 131,

    /// <summary><c>void bpf_ringbuf_submit(void *data, u64 flags)</c></summary>
    RingbufSubmit = 132,

    /// <summary><c>void bpf_ringbuf_discard(void *data, u64 flags)</c></summary>
    RingbufDiscard = 133,

    /// <summary><c>u64 bpf_ringbuf_query(void *ringbuf, u64 flags)</c></summary>
    RingbufQuery = 134,

    /// <summary><c>long bpf_csum_level(struct sk_buff *skb, u64 level)</c></summary>
    CsumLevel = 135,

    /// <summary><c>struct tcp6_sock *bpf_skc_to_tcp6_sock(void *sk)</c></summary>
    SkcToTcp6Sock = 136,

    /// <summary><c>struct tcp_sock *bpf_skc_to_tcp_sock(void *sk)</c></summary>
    SkcToTcpSock = 137,

    /// <summary><c>struct tcp_timewait_sock *bpf_skc_to_tcp_timewait_sock(void *sk)</c></summary>
    SkcToTcpTimewaitSock = 138,

    /// <summary><c>struct tcp_request_sock *bpf_skc_to_tcp_request_sock(void *sk)</c></summary>
    SkcToTcpRequestSock = 139,

    /// <summary><c>struct udp6_sock *bpf_skc_to_udp6_sock(void *sk)</c></summary>
    SkcToUdp6Sock = 140,

    /// <summary><c>long bpf_get_task_stack(struct task_struct *task, void *buf, u32 size, u64 flags)</c></summary>
    GetTaskStack = 141,

    /// <summary><c>long bpf_load_hdr_opt(struct bpf_sock_ops *skops, void *searchby_res, u32 len, u64 flags)</c></summary>
    LoadHdrOpt = 142,

    /// <summary><c>long bpf_store_hdr_opt(struct bpf_sock_ops *skops, const void *from, u32 len, u64 flags)</c></summary>
    StoreHdrOpt = 143,

    /// <summary><c>long bpf_reserve_hdr_opt(struct bpf_sock_ops *skops, u32 len, u64 flags)</c></summary>
    ReserveHdrOpt = 144,

    /// <summary><c>void *bpf_inode_storage_get(struct bpf_map *map, void *inode, void *value, u64 flags)</c></summary>
    InodeStorageGet = 145,

    /// <summary><c>int bpf_inode_storage_delete(struct bpf_map *map, void *inode)</c></summary>
    InodeStorageDelete = 146,

    /// <summary><c>long bpf_d_path(struct path *path, char *buf, u32 sz)</c></summary>
    DPath = 147,

    /// <summary><c>long bpf_copy_from_user(void *dst, u32 size, const void *user_ptr)</c></summary>
    CopyFromUser = 148,

    /// <summary><c>long bpf_snprintf_btf(char *str, u32 str_size, struct btf_ptr *ptr, u32 btf_ptr_size, u64 flags)</c></summary>
    SnprintfBtf = 149,

    /// <summary><c>long bpf_seq_printf_btf(struct seq_file *m, struct btf_ptr *ptr, u32 ptr_size, u64 flags)</c></summary>
    SeqPrintfBtf = 150,

    /// <summary><c>u64 bpf_skb_cgroup_classid(struct sk_buff *skb)</c></summary>
    SkbCgroupClassid = 151,

    /// <summary><c>long bpf_redirect_neigh(u32 ifindex, struct bpf_redir_neigh *params, int plen, u64 flags)</c></summary>
    RedirectNeigh = 152,

    /// <summary><c>void *bpf_per_cpu_ptr(const void *percpu_ptr, u32 cpu)</c></summary>
    PerCpuPtr = 153,

    /// <summary><c>void *bpf_this_cpu_ptr(const void *percpu_ptr)</c></summary>
    ThisCpuPtr = 154,

    /// <summary><c>long bpf_redirect_peer(u32 ifindex, u64 flags)</c></summary>
    RedirectPeer = 155,

    /// <summary><c>void *bpf_task_storage_get(struct bpf_map *map, struct task_struct *task, void *value, u64 flags)</c></summary>
    TaskStorageGet = 156,

    /// <summary><c>long bpf_task_storage_delete(struct bpf_map *map, struct task_struct *task)</c></summary>
    TaskStorageDelete = 157,

    /// <summary><c>struct task_struct *bpf_get_current_task_btf(void)</c></summary>
    GetCurrentTaskBtf = 158,

    /// <summary><c>long bpf_bprm_opts_set(struct linux_binprm *bprm, u64 flags)</c></summary>
    BprmOptsSet = 159,

    /// <summary><c>u64 bpf_ktime_get_coarse_ns(void)</c></summary>
    KtimeGetCoarseNs = 160,

    /// <summary><c>long bpf_ima_inode_hash(struct inode *inode, void *dst, u32 size)</c></summary>
    ImaInodeHash = 161,

    /// <summary><c>struct socket *bpf_sock_from_file(struct file *file)</c></summary>
    SockFromFile = 162,

    /// <summary><c>long bpf_check_mtu(void *ctx, u32 ifindex, u32 *mtu_len, s32 len_diff, u64 flags)</c></summary>
    CheckMtu = 163,

    /// <summary><c>long bpf_for_each_map_elem(struct bpf_map *map, void *callback_fn, void *callback_ctx, u64 flags)</c></summary>
    ForEachMapElem = 164,

    /// <summary><c>long bpf_snprintf(char *str, u32 str_size, const char *fmt, u64 *data, u32 data_len)</c></summary>
    Snprintf = 165,

    /// <summary><c>long bpf_sys_bpf(u32 cmd, void *attr, u32 attr_size)</c></summary>
    SysBpf = 166,

    /// <summary><c>long bpf_btf_find_by_name_kind(char *name, int name_sz, u32 kind, int flags)</c></summary>
    BtfFindByNameKind = 167,

    /// <summary><c>long bpf_sys_close(u32 fd)</c></summary>
    SysClose = 168,

    /// <summary><c>long bpf_timer_init(struct bpf_timer *timer, struct bpf_map *map, u64 flags)</c></summary>
    TimerInit = 169,

    /// <summary><c>long bpf_timer_set_callback(struct bpf_timer *timer, void *callback_fn)</c></summary>
    TimerSetCallback = 170,

    /// <summary><c>long bpf_timer_start(struct bpf_timer *timer, u64 nsecs, u64 flags)</c></summary>
    TimerStart = 171,

    /// <summary><c>long bpf_timer_cancel(struct bpf_timer *timer)</c></summary>
    TimerCancel = 172,

    /// <summary><c>u64 bpf_get_func_ip(void *ctx)</c></summary>
    GetFuncIp = 173,

    /// <summary><c>u64 bpf_get_attach_cookie(void *ctx)</c></summary>
    GetAttachCookie = 174,

    /// <summary><c>long bpf_task_pt_regs(struct task_struct *task)</c></summary>
    TaskPtRegs = 175,

    /// <summary><c>long bpf_get_branch_snapshot(void *entries, u32 size, u64 flags)</c></summary>
    GetBranchSnapshot = 176,

    /// <summary><c>long bpf_trace_vprintk(const char *fmt, u32 fmt_size, const void *data, u32 data_len)</c></summary>
    TraceVprintk = 177,

    /// <summary><c>struct unix_sock *bpf_skc_to_unix_sock(void *sk)</c></summary>
    SkcToUnixSock = 178,

    /// <summary><c>long bpf_kallsyms_lookup_name(const char *name, int name_sz, int flags, u64 *res)</c></summary>
    KallsymsLookupName = 179,

    /// <summary><c>long bpf_find_vma(struct task_struct *task, u64 addr, void *callback_fn, void *callback_ctx, u64 flags)</c></summary>
    FindVma = 180,

    /// <summary><c>long bpf_loop(u32 nr_loops, void *callback_fn, void *callback_ctx, u64 flags)</c></summary>
    Loop = 181,

    /// <summary><c>long bpf_strncmp(const char *s1, u32 s1_sz, const char *s2)</c></summary>
    Strncmp = 182,

    /// <summary><c>long bpf_get_func_arg(void *ctx, u32 n, u64 *value)</c></summary>
    GetFuncArg = 183,

    /// <summary><c>long bpf_get_func_ret(void *ctx, u64 *value)</c></summary>
    GetFuncRet = 184,

    /// <summary><c>long bpf_get_func_arg_cnt(void *ctx)</c></summary>
    GetFuncArgCnt = 185,

    /// <summary><c>int bpf_get_retval(void)</c></summary>
    GetRetval = 186,

    /// <summary><c>int bpf_set_retval(int retval)</c></summary>
    SetRetval = 187,

    /// <summary><c>u64 bpf_xdp_get_buff_len(struct xdp_buff *xdp_md)</c></summary>
    XdpGetBuffLen = 188,

    /// <summary><c>long bpf_xdp_load_bytes(struct xdp_buff *xdp_md, u32 offset, void *buf, u32 len)</c></summary>
    XdpLoadBytes = 189,

    /// <summary><c>long bpf_xdp_store_bytes(struct xdp_buff *xdp_md, u32 offset, void *buf, u32 len)</c></summary>
    XdpStoreBytes = 190,

    /// <summary><c>long bpf_copy_from_user_task(void *dst, u32 size, const void *user_ptr, struct task_struct *tsk, u64 flags)</c></summary>
    CopyFromUserTask = 191,

    /// <summary><c>long bpf_skb_set_tstamp(struct sk_buff *skb, u64 tstamp, u32 tstamp_type)</c></summary>
    SkbSetTstamp = 192,

    /// <summary><c>long bpf_ima_file_hash(struct file *file, void *dst, u32 size)</c></summary>
    ImaFileHash = 193,

    /// <summary><c>void *bpf_kptr_xchg(void *dst, void *ptr)</c></summary>
    KptrXchg = 194,

    /// <summary><c>void *bpf_map_lookup_percpu_elem(struct bpf_map *map, const void *key, u32 cpu)</c></summary>
    MapLookupPercpuElem = 195,

    /// <summary><c>struct mptcp_sock *bpf_skc_to_mptcp_sock(void *sk)</c></summary>
    SkcToMptcpSock = 196,

    /// <summary><c>long bpf_dynptr_from_mem(void *data, u32 size, u64 flags, struct bpf_dynptr *ptr)</c></summary>
    DynptrFromMem = 197,

    /// <summary><c>long bpf_ringbuf_reserve_dynptr(void *ringbuf, u32 size, u64 flags, struct bpf_dynptr *ptr)</c></summary>
    RingbufReserveDynptr = 198,

    /// <summary><c>void bpf_ringbuf_submit_dynptr(struct bpf_dynptr *ptr, u64 flags)</c></summary>
    RingbufSubmitDynptr = 199,

    /// <summary><c>void bpf_ringbuf_discard_dynptr(struct bpf_dynptr *ptr, u64 flags)</c></summary>
    RingbufDiscardDynptr = 200,

    /// <summary><c>long bpf_dynptr_read(void *dst, u32 len, const struct bpf_dynptr *src, u32 offset, u64 flags)</c></summary>
    DynptrRead = 201,

    /// <summary><c>long bpf_dynptr_write(const struct bpf_dynptr *dst, u32 offset, void *src, u32 len, u64 flags)</c></summary>
    DynptrWrite = 202,

    /// <summary><c>void *bpf_dynptr_data(const struct bpf_dynptr *ptr, u32 offset, u32 len)</c></summary>
    DynptrData = 203,

    /// <summary><c>s64 bpf_tcp_raw_gen_syncookie_ipv4(struct iphdr *iph, struct tcphdr *th, u32 th_len)</c></summary>
    TcpRawGenSyncookieIpv4 = 204,

    /// <summary><c>s64 bpf_tcp_raw_gen_syncookie_ipv6(struct ipv6hdr *iph, struct tcphdr *th, u32 th_len)</c></summary>
    TcpRawGenSyncookieIpv6 = 205,

    /// <summary><c>long bpf_tcp_raw_check_syncookie_ipv4(struct iphdr *iph, struct tcphdr *th)</c></summary>
    TcpRawCheckSyncookieIpv4 = 206,

    /// <summary><c>long bpf_tcp_raw_check_syncookie_ipv6(struct ipv6hdr *iph, struct tcphdr *th)</c></summary>
    TcpRawCheckSyncookieIpv6 = 207,

    /// <summary><c>u64 bpf_ktime_get_tai_ns(void)</c></summary>
    KtimeGetTaiNs = 208,

    /// <summary><c>long bpf_user_ringbuf_drain(struct bpf_map *map, void *callback_fn, void *ctx, u64 flags)</c></summary>
    UserRingbufDrain = 209,

    /// <summary><c>void *bpf_cgrp_storage_get(struct bpf_map *map, struct cgroup *cgroup, void *value, u64 flags)</c></summary>
    CgrpStorageGet = 210,

    /// <summary><c>long bpf_cgrp_storage_delete(struct bpf_map *map, struct cgroup *cgroup)</c></summary>
    CgrpStorageDelete = 211,
}
