namespace TraitsBpf.Loader.Attach;

/// <summary>Whether what a record describes is still in the kernel.</summary>
public enum AttachmentState
{
    /// <summary>The program is attached where the record says.</summary>
    Active,

    /// <summary>The interface is gone (or was renamed); the pins remain until <c>detach</c>.</summary>
    InterfaceGone,

    /// <summary>Something else now occupies the hook; the pins remain until <c>detach</c>.</summary>
    Displaced,

    /// <summary>The attachment lives in another network namespace, which this process cannot inspect.</summary>
    OtherNamespace,
}
