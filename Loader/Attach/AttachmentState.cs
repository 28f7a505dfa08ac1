namespace TraitsBpf.Loader.Attach;

/// <summary>Whether what a record describes is still in the kernel.</summary>
public enum AttachmentState
{
    /// <summary>The program is attached where the record says.</summary>
    Active,

    /// <summary>The interface (or the cgroup) is gone, and the program with it; the pins remain until <c>detach</c> or <c>repair</c>.</summary>
    InterfaceGone,

    /// <summary>Something else now occupies the hook; the pins remain until <c>detach</c>.</summary>
    Displaced,

    /// <summary>The attachment lives in another network namespace, which this process cannot inspect.</summary>
    OtherNamespace,

    /// <summary>The attachment's network namespace no longer exists: the kernel released the program with it; the pins remain until <c>detach</c> or <c>repair</c>.</summary>
    NamespaceGone,

    /// <summary>
    /// A traitsbpf process died while attaching it, after writing its write-ahead record: the kernel may run the
    /// program; <c>repair</c> (or the next <c>load</c> or <c>detach</c>) undoes it.
    /// </summary>
    Interrupted,
}
