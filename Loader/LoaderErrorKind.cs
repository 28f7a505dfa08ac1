namespace TraitsBpf.Loader;

/// <summary>What kind of failure a <see cref="LoaderException"/> reports; the CLI maps each kind to its own exit code.</summary>
public enum LoaderErrorKind
{
    /// <summary>A system call or libbpf failed for a reason none of the other kinds describes.</summary>
    Failed,

    /// <summary>An argument's value is malformed or out of range.</summary>
    InvalidArgument,

    /// <summary>A file the user named does not exist.</summary>
    FileNotFound,

    /// <summary>A file exists but is not a BPF ELF object (or another format the caller accepts), or is malformed.</summary>
    NotAnObject,

    /// <summary>The named network interface does not exist in this network namespace.</summary>
    InterfaceNotFound,

    /// <summary>The process lacks root or the capabilities (CAP_BPF, CAP_NET_ADMIN) the operation needs.</summary>
    PermissionDenied,

    /// <summary>The object has no program of the requested name.</summary>
    ProgramNotFound,

    /// <summary>The object has no map (or .rodata variable) of the requested name.</summary>
    MapNotFound,

    /// <summary>Something is already attached where the operation wanted to attach.</summary>
    AlreadyAttached,

    /// <summary>Nothing that traitsbpf attached matches what the operation was asked to remove or read.</summary>
    NotAttached,

    /// <summary>The kernel's verifier rejected a program; see <see cref="VerifierException"/>.</summary>
    VerifierRejected,

    /// <summary>The running kernel or the interface's driver does not support what was asked.</summary>
    Unsupported,

    /// <summary>A named trait disagrees with the host's trait registry (another size or type under the same name), or no key is free.</summary>
    TraitConflict,

    /// <summary>
    /// The pin root (or an entry under it) is not traitsbpf's alone: another user owns it, others may write
    /// to it, it is a symbolic link, or it is not a directory on bpffs; it is refused rather than used.
    /// </summary>
    UnsafePinRoot,
}
