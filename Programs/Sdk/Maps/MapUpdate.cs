namespace TraitsBpf;

/// <summary>How an update treats an existing element (BPF_ANY, BPF_NOEXIST, BPF_EXIST).</summary>
public enum MapUpdate : ulong
{
    /// <summary>Create or replace.</summary>
    Any = 0,
    /// <summary>Create only; -EEXIST when the key is present.</summary>
    NoExist = 1,
    /// <summary>Replace only; -ENOENT when the key is absent.</summary>
    Exist = 2,
}
