namespace TraitsBpf.Object;

/// <summary>
/// The kernel's BPF map types, by their number in uapi <c>enum bpf_map_type</c>: every type of
/// Linux 6.18 (checked against the running kernel's BTF by the Object tests). The compiler writes
/// the number into a map's <c>type</c> in <c>.maps</c>; the loader reads it back from libbpf and
/// the kernel. docs/vocabulary.md says how to add one.
/// </summary>
public enum BpfMapType
{
    /// <summary><c>BPF_MAP_TYPE_UNSPEC</c>: no type; the kernel refuses to create it.</summary>
    Unspecified = 0,

    /// <summary><c>BPF_MAP_TYPE_HASH</c>: a hash table of fixed-size keys and values.</summary>
    Hash = 1,

    /// <summary><c>BPF_MAP_TYPE_ARRAY</c>: values indexed by a 32-bit index, all preallocated and zeroed.</summary>
    Array = 2,

    /// <summary><c>BPF_MAP_TYPE_PROG_ARRAY</c>: program file descriptors for <c>bpf_tail_call</c>.</summary>
    ProgramArray = 3,

    /// <summary><c>BPF_MAP_TYPE_PERF_EVENT_ARRAY</c>: one perf event per CPU, for <c>bpf_perf_event_output</c>.</summary>
    PerfEventArray = 4,

    /// <summary><c>BPF_MAP_TYPE_PERCPU_HASH</c>: a hash table with one value per CPU.</summary>
    PerCpuHash = 5,

    /// <summary><c>BPF_MAP_TYPE_PERCPU_ARRAY</c>: an array with one value per CPU.</summary>
    PerCpuArray = 6,

    /// <summary><c>BPF_MAP_TYPE_STACK_TRACE</c>: stack traces by id, for <c>bpf_get_stackid</c>.</summary>
    StackTrace = 7,

    /// <summary><c>BPF_MAP_TYPE_CGROUP_ARRAY</c>: cgroup file descriptors, for <c>bpf_skb_under_cgroup</c>.</summary>
    CgroupArray = 8,

    /// <summary><c>BPF_MAP_TYPE_LRU_HASH</c>: a hash table that evicts the least recently used element when full.</summary>
    LruHash = 9,

    /// <summary><c>BPF_MAP_TYPE_LRU_PERCPU_HASH</c>: an LRU hash table with one value per CPU.</summary>
    LruPerCpuHash = 10,

    /// <summary><c>BPF_MAP_TYPE_LPM_TRIE</c>: longest-prefix match on keys that start with a 32-bit prefix length.</summary>
    LpmTrie = 11,

    /// <summary><c>BPF_MAP_TYPE_ARRAY_OF_MAPS</c>: an array whose values are maps.</summary>
    ArrayOfMaps = 12,

    /// <summary><c>BPF_MAP_TYPE_HASH_OF_MAPS</c>: a hash table whose values are maps.</summary>
    HashOfMaps = 13,

    /// <summary><c>BPF_MAP_TYPE_DEVMAP</c>: network devices by index, for <c>bpf_redirect_map</c> from XDP.</summary>
    DevMap = 14,

    /// <summary><c>BPF_MAP_TYPE_SOCKMAP</c>: sockets by index, for socket redirection.</summary>
    SockMap = 15,

    /// <summary><c>BPF_MAP_TYPE_CPUMAP</c>: CPUs, for redirecting XDP frames to another CPU.</summary>
    CpuMap = 16,

    /// <summary><c>BPF_MAP_TYPE_XSKMAP</c>: AF_XDP sockets, for redirecting XDP frames to user space.</summary>
    XskMap = 17,

    /// <summary><c>BPF_MAP_TYPE_SOCKHASH</c>: sockets by key, for socket redirection.</summary>
    SockHash = 18,

    /// <summary><c>BPF_MAP_TYPE_CGROUP_STORAGE</c> (<c>_DEPRECATED</c> since 6.2): storage per cgroup and attach type.</summary>
    CgroupStorage = 19,

    /// <summary><c>BPF_MAP_TYPE_REUSEPORT_SOCKARRAY</c>: sockets of a SO_REUSEPORT group, for <c>bpf_sk_select_reuseport</c>.</summary>
    ReuseportSockArray = 20,

    /// <summary><c>BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE</c> (<c>_DEPRECATED</c> since 6.2): per-CPU storage per cgroup.</summary>
    PerCpuCgroupStorage = 21,

    /// <summary><c>BPF_MAP_TYPE_QUEUE</c>: a FIFO of values without keys.</summary>
    Queue = 22,

    /// <summary><c>BPF_MAP_TYPE_STACK</c>: a LIFO of values without keys.</summary>
    Stack = 23,

    /// <summary><c>BPF_MAP_TYPE_SK_STORAGE</c>: storage attached to each socket.</summary>
    SkStorage = 24,

    /// <summary><c>BPF_MAP_TYPE_DEVMAP_HASH</c>: network devices by key, for <c>bpf_redirect_map</c> from XDP.</summary>
    DevMapHash = 25,

    /// <summary><c>BPF_MAP_TYPE_STRUCT_OPS</c>: a kernel struct of function pointers implemented by BPF programs.</summary>
    StructOps = 26,

    /// <summary><c>BPF_MAP_TYPE_RINGBUF</c>: a ring buffer shared by every CPU, read by user space.</summary>
    RingBuffer = 27,

    /// <summary><c>BPF_MAP_TYPE_INODE_STORAGE</c>: storage attached to each inode.</summary>
    InodeStorage = 28,

    /// <summary><c>BPF_MAP_TYPE_TASK_STORAGE</c>: storage attached to each task.</summary>
    TaskStorage = 29,

    /// <summary><c>BPF_MAP_TYPE_BLOOM_FILTER</c>: a Bloom filter: membership tests with false positives.</summary>
    BloomFilter = 30,

    /// <summary><c>BPF_MAP_TYPE_USER_RINGBUF</c>: a ring buffer written by user space, drained by programs.</summary>
    UserRingBuffer = 31,

    /// <summary><c>BPF_MAP_TYPE_CGRP_STORAGE</c>: storage attached to each cgroup (6.2 and later).</summary>
    CgrpStorage = 32,

    /// <summary><c>BPF_MAP_TYPE_ARENA</c>: memory shared by programs and user space, mapped into both (6.9 and later).</summary>
    Arena = 33,
}
