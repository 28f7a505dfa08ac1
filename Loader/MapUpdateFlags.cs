namespace TraitsBpf.Loader;

/// <summary>Flags for <c>bpf_map_update_elem</c>.</summary>
public enum MapUpdateFlags : ulong
{
    /// <summary><c>BPF_ANY</c>: create or replace.</summary>
    Any = 0,

    /// <summary><c>BPF_NOEXIST</c>: create only; fails when the key exists.</summary>
    NoExist = 1,

    /// <summary><c>BPF_EXIST</c>: replace only; fails when the key is absent.</summary>
    Exist = 2,

    /// <summary><c>BPF_F_LOCK</c>: update under the value's bpf_spin_lock.</summary>
    Lock = 4,
}
