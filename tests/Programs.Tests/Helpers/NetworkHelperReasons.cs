namespace TraitsBpf.Programs.Tests.Helpers;

/// <summary>Why a helper a networking program may call has no C# name there (docs/helpers.md shows these).</summary>
public static class NetworkHelperReasons
{
    private const string SynCookies = "not in the SDK yet: SYN cookies need TCP header pointers with their lengths as the helper checks them, and a managed model of the kernel's cookie secret, which it cannot reproduce";

    private const string Cgroups = "not in the SDK yet: its cgroup argument is a struct cgroup pointer, which a packet program gets only from the kfunc bpf_cgroup_from_id and must release with bpf_cgroup_release on every path (reference tracking the compiler does not model), and BPF_MAP_TYPE_CGRP_STORAGE has no C# map type; managed execution would key the storage by cgroup id";

    private const string PerfEvents = "not in the SDK: RingBuffer (bpf_ringbuf_output) replaces perf event output for new programs";

    private const string CurrentTask = "not in the SDK yet: it gives the running task's task_struct (a pointer the SDK declares no [KernelType] for), and managed execution has no task to give; a test would have to state the task's fields";

    private const string TaskRegisters = "not in the SDK yet: it takes a task_struct from bpf_get_current_task_btf (not in the SDK) and gives the task's user registers, which managed execution does not have";

    private const string KernelTypeFormatting = "not in the SDK yet: it formats a kernel object by its vmlinux BTF type id (struct btf_ptr), which C# cannot name and managed execution cannot format without the kernel's BTF";

    private const string Kptrs = "not in the SDK yet: a kptr field is a pointer to a kernel struct tagged __kptr (BTF_KIND_TYPE_TAG) in the map value, which the compiler's BTF writer cannot emit, and an XDP or TC program gets a referenced object to store only from kfuncs the SDK does not declare (bpf_obj_new, bpf_cpumask_create); managed execution has no such objects";

    private const string PerCpuPointers = "not in the SDK yet: it takes a per-CPU kernel variable (an extern __ksym variable such as runqueues) or a per-CPU kptr; the compiler declares kfuncs in .ksyms but no kernel variables, and managed execution has no kernel variables to read";

    private const string UserRingbuf = "not in the SDK yet: it drains a BPF_MAP_TYPE_USER_RINGBUF map, for which the SDK has no class (user space writes, the program reads), calling back with a dynptr per record; the compiler makes callback subprograms (Bpf.Loop, ForEach, BpfTimer), but none taking a dynptr";

    private const string SpinLockInSocketFilters = "Linux refuses a socket filter that uses a map whose value holds a bpf_spin_lock (\"socket filter progs cannot use bpf_spin_lock yet\"), so BpfSpinLock serves XDP and TC";

    private const string RingbufDynptrs = "not in the SDK yet: a ring-buffer dynptr is a reference the verifier requires to be submitted or discarded on every path, even when the reservation failed; the compiler has no check that refuses a path leaving one at its C# line (as it does for BpfSpinLock), and RingBuffer's managed model reserves typed records only";

    private const string RingbufQuery = "not in the SDK yet: RingBuffer's managed model counts the free room but not the producer and consumer positions (BPF_RB_PROD_POS, BPF_RB_CONS_POS) nor the unread bytes the helper reports, so managed execution could not answer it";


    /// <summary>By helper name (<c>BPF_FUNC_*</c> without the prefix).</summary>
    public static readonly Dictionary<string, string> All = new(StringComparer.Ordinal)
    {
        ["tcp_check_syncookie"] = SynCookies,
        ["tcp_gen_syncookie"] = SynCookies,
        ["tcp_raw_check_syncookie_ipv4"] = SynCookies,
        ["tcp_raw_check_syncookie_ipv6"] = SynCookies,
        ["tcp_raw_gen_syncookie_ipv4"] = SynCookies,
        ["tcp_raw_gen_syncookie_ipv6"] = SynCookies,
        ["cgrp_storage_delete"] = Cgroups,
        ["cgrp_storage_get"] = Cgroups,
        ["perf_event_output"] = PerfEvents,
        ["get_current_task"] = CurrentTask,
        ["get_current_task_btf"] = CurrentTask,
        ["task_pt_regs"] = TaskRegisters,
        ["snprintf_btf"] = KernelTypeFormatting,
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
    };
}
