namespace TraitsBpf.Object.Btf;

/// <summary>BTF_FUNC_* linkage of a function, or BTF_VAR_* linkage of a variable.</summary>
public enum BtfLinkage
{
    /// <summary>BTF_FUNC_STATIC / BTF_VAR_STATIC.</summary>
    Static = 0,
    /// <summary>BTF_FUNC_GLOBAL / BTF_VAR_GLOBAL_ALLOCATED.</summary>
    Global = 1,
    /// <summary>BTF_FUNC_EXTERN / BTF_VAR_GLOBAL_EXTERN.</summary>
    Extern = 2,
}
