namespace TraitsBpf.Abi;

/// <summary>Where a <c>traitsbpf trace</c> record's store was read.</summary>
public enum TraitTraceSource : uint
{
    /// <summary>The sk_buff's entry in the stash (its generation checked).</summary>
    Stash = 1,

    /// <summary>The metadata area before the mac header, behind a valid seal.</summary>
    Meta = 2,

    /// <summary>The sk_buff's trait extension (<c>SKB_EXT_TRAITS</c>, the kfunc backend's), the store itself.</summary>
    Extension = 3,
}
