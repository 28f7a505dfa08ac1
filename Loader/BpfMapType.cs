namespace TraitsBpf.Loader;

/// <summary>BPF map types, with the kernel's <c>enum bpf_map_type</c> values.</summary>
public enum BpfMapType
{
    /// <summary><c>BPF_MAP_TYPE_UNSPEC</c>.</summary>
    Unspecified = 0,

    /// <summary><c>BPF_MAP_TYPE_HASH</c>.</summary>
    Hash = 1,

    /// <summary><c>BPF_MAP_TYPE_ARRAY</c>.</summary>
    Array = 2,

    /// <summary><c>BPF_MAP_TYPE_PROG_ARRAY</c>.</summary>
    ProgramArray = 3,

    /// <summary><c>BPF_MAP_TYPE_PERF_EVENT_ARRAY</c>.</summary>
    PerfEventArray = 4,

    /// <summary><c>BPF_MAP_TYPE_PERCPU_HASH</c>.</summary>
    PerCpuHash = 5,

    /// <summary><c>BPF_MAP_TYPE_PERCPU_ARRAY</c>.</summary>
    PerCpuArray = 6,

    /// <summary><c>BPF_MAP_TYPE_STACK_TRACE</c>.</summary>
    StackTrace = 7,

    /// <summary><c>BPF_MAP_TYPE_CGROUP_ARRAY</c>.</summary>
    CgroupArray = 8,

    /// <summary><c>BPF_MAP_TYPE_LRU_HASH</c>.</summary>
    LruHash = 9,

    /// <summary><c>BPF_MAP_TYPE_LRU_PERCPU_HASH</c>.</summary>
    LruPerCpuHash = 10,

    /// <summary><c>BPF_MAP_TYPE_LPM_TRIE</c>.</summary>
    LpmTrie = 11,

    /// <summary><c>BPF_MAP_TYPE_ARRAY_OF_MAPS</c>.</summary>
    ArrayOfMaps = 12,

    /// <summary><c>BPF_MAP_TYPE_HASH_OF_MAPS</c>.</summary>
    HashOfMaps = 13,

    /// <summary><c>BPF_MAP_TYPE_DEVMAP</c>.</summary>
    DevMap = 14,

    /// <summary><c>BPF_MAP_TYPE_SOCKMAP</c>.</summary>
    SockMap = 15,

    /// <summary><c>BPF_MAP_TYPE_CPUMAP</c>.</summary>
    CpuMap = 16,

    /// <summary><c>BPF_MAP_TYPE_XSKMAP</c>.</summary>
    XskMap = 17,

    /// <summary><c>BPF_MAP_TYPE_SOCKHASH</c>.</summary>
    SockHash = 18,

    /// <summary><c>BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE</c>.</summary>
    PerCpuCgroupStorage = 21,

    /// <summary><c>BPF_MAP_TYPE_QUEUE</c>.</summary>
    Queue = 22,

    /// <summary><c>BPF_MAP_TYPE_STACK</c>.</summary>
    Stack = 23,

    /// <summary><c>BPF_MAP_TYPE_DEVMAP_HASH</c>.</summary>
    DevMapHash = 25,

    /// <summary><c>BPF_MAP_TYPE_RINGBUF</c>.</summary>
    RingBuffer = 27,

    /// <summary><c>BPF_MAP_TYPE_BLOOM_FILTER</c>.</summary>
    BloomFilter = 30,
}
