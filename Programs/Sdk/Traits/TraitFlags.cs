namespace TraitsBpf;

/// <summary>How <see cref="PacketTraits.Set{T}(Trait{T}, in T, TraitFlags)"/> treats a trait that is already there.</summary>
public enum TraitFlags : ulong
{
    /// <summary>Create or replace.</summary>
    None = 0,
    /// <summary>BPF_F_TRAIT_NOEXIST: create only; -EEXIST when the key is set.</summary>
    NoExist = 1,
    /// <summary>BPF_F_TRAIT_EXIST: replace only; -ENOENT when the key is not set.</summary>
    Exist = 2,
}
