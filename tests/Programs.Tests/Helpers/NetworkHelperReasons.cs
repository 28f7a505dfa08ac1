namespace TraitsBpf.Programs.Tests.Helpers;

/// <summary>Why a helper a networking program may call has no C# name there (docs/helpers.md shows these).</summary>
public static class NetworkHelperReasons
{

    private const string Cgroups = "not in the SDK yet: its cgroup argument is a struct cgroup pointer, which a packet program gets only from the kfunc bpf_cgroup_from_id and must release with bpf_cgroup_release on every path (reference tracking the compiler does not model), and BPF_MAP_TYPE_CGRP_STORAGE has no C# map type; managed execution would key the storage by cgroup id";

    private const string CurrentTask = "not in the SDK yet: it gives the running task's task_struct (a pointer the SDK declares no [KernelType] for), and managed execution has no task to give; a test would have to state the task's fields";

    private const string TaskRegisters = "not in the SDK yet: it takes a task_struct from bpf_get_current_task_btf (not in the SDK) and gives the task's user registers, which managed execution does not have";

    private const string KernelTypeFormatting = "not in the SDK yet: it formats a kernel object by its vmlinux BTF type id (struct btf_ptr), which C# cannot name and managed execution cannot format without the kernel's BTF";

    private const string Kptrs = "not in the SDK yet: a kptr field is a pointer to a kernel struct tagged __kptr (BTF_KIND_TYPE_TAG) in the map value, which the compiler's BTF writer cannot emit, and an XDP or TC program gets a referenced object to store only from kfuncs the SDK does not declare (bpf_obj_new, bpf_cpumask_create); managed execution has no such objects";

    private const string PerCpuPointers = "not in the SDK yet: it takes a per-CPU kernel variable (an extern __ksym variable such as runqueues) or a per-CPU kptr; the compiler declares kfuncs in .ksyms but no kernel variables, and managed execution has no kernel variables to read";

    private const string SpinLockInSocketFilters = "Linux refuses a socket filter that uses a map whose value holds a bpf_spin_lock (\"socket filter progs cannot use bpf_spin_lock yet\"), so BpfSpinLock serves XDP and TC";

    private const string CurrentTaskIdentity = "not in the SDK yet: one of the tracing helpers Linux 6.18 lets every program type of a CAP_PERFMON loader call (6.12 did not); in a packet program the current task is whichever task the packet's processing runs on (a softirq interrupts any task), so it says little of the packet, and managed execution would have to be told the task";

    private const string Signals = "not in the SDK yet: a tracing helper Linux 6.18 lets every program type of a CAP_PERFMON loader call (6.12 did not); it signals whichever task the packet's processing runs on, which a packet program cannot choose, and managed execution has no task to signal";

    private const string TaskObjects = "not in the SDK yet: a tracing helper Linux 6.18 lets every program type of a CAP_PERFMON loader call (6.12 did not); it takes a task_struct (from bpf_get_current_task_btf, not in the SDK) or a task storage map (BPF_MAP_TYPE_TASK_STORAGE has no C# map type), and managed execution has no tasks";

    private const string TaskCgroup = "not in the SDK yet: a tracing helper Linux 6.18 lets every program type of a CAP_PERFMON loader call (6.12 did not); it asks whether the task the packet's processing runs on is under a cgroup of a CgroupArrayMap, which says little of the packet (TcContext.UnderCgroup asks of the packet's socket), and managed execution has no current task";

    private const string PerfCounters = "not in the SDK yet: a tracing helper Linux 6.18 lets every program type of a CAP_PERFMON loader call (6.12 did not); it reads a hardware or software counter that user space opened into a perf event array slot, while PerfEventArray serves output only, and managed execution has no counters";

    private const string BranchRecords = "not in the SDK yet: a tracing helper Linux 6.18 lets every program type of a CAP_PERFMON loader call (6.12 did not); it copies the CPU's last branch records, which only an Intel CPU with LBR armed by a perf event has, and managed execution has none";

    private const string ClassidOutsideTc = "Linux 6.18 lets every program type of a CAP_PERFMON loader call it (6.12 only TC); an XDP program or socket filter runs in the receive path, on whichever task the softirq interrupted, so the net_cls class id of that task says nothing of the packet; TcContext.CurrentTaskClassid serves TC, where egress runs on the sending task";


    /// <summary>By helper name (<c>BPF_FUNC_*</c> without the prefix).</summary>
    public static readonly Dictionary<string, string> All = new(StringComparer.Ordinal)
    {
        ["cgrp_storage_delete"] = Cgroups,
        ["cgrp_storage_get"] = Cgroups,
        ["get_current_task"] = CurrentTask,
        ["get_current_task_btf"] = CurrentTask,
        ["task_pt_regs"] = TaskRegisters,
        ["snprintf_btf"] = KernelTypeFormatting,
        ["spin_lock"] = SpinLockInSocketFilters,
        ["spin_unlock"] = SpinLockInSocketFilters,
        ["kptr_xchg"] = Kptrs,
        ["per_cpu_ptr"] = PerCpuPointers,
        ["this_cpu_ptr"] = PerCpuPointers,
        ["get_current_uid_gid"] = CurrentTaskIdentity,
        ["get_current_comm"] = CurrentTaskIdentity,
        ["send_signal"] = Signals,
        ["send_signal_thread"] = Signals,
        ["find_vma"] = TaskObjects,
        ["get_task_stack"] = TaskObjects,
        ["task_storage_get"] = TaskObjects,
        ["task_storage_delete"] = TaskObjects,
        ["current_task_under_cgroup"] = TaskCgroup,
        ["perf_event_read"] = PerfCounters,
        ["perf_event_read_value"] = PerfCounters,
        ["get_branch_snapshot"] = BranchRecords,
        ["get_cgroup_classid"] = ClassidOutsideTc,
    };
}
