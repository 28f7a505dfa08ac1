namespace TraitsBpf;

/// <summary>Where a context keeps its trait store in managed execution, with the kernel kfuncs' rules for that place.</summary>
internal abstract unsafe class TraitStorage
{
    /// <summary>bpf_*_trait_get.</summary>
    public abstract int Get(ulong key, void* value, int valueSize);

    /// <summary>bpf_*_trait_set.</summary>
    public abstract int Set(ulong key, void* value, int size, ulong flags);

    /// <summary>bpf_*_trait_del.</summary>
    public abstract int Delete(ulong key);

    /// <summary>The store's bytes (header and values); empty when the packet has no store.</summary>
    public abstract byte[] ToArray();

    /// <summary>What every operation but set returns on a packet without a store.</summary>
    protected static int Absent(ulong key) => TraitStore.Absent(key);
}
