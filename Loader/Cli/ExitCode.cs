namespace TraitsBpf.Cli;

/// <summary>The process exit codes of <c>traitsbpf</c>; each failure a script may want to tell apart has its own.</summary>
public enum ExitCode
{
    /// <summary>The command did what was asked.</summary>
    Success = 0,

    /// <summary>A failure none of the other codes describes (a system call or libbpf failed).</summary>
    Failure = 1,

    /// <summary>The command line is malformed, or an argument's value is invalid.</summary>
    Usage = 2,

    /// <summary>A file named on the command line does not exist.</summary>
    FileNotFound = 3,

    /// <summary>A file is not a BPF ELF object (or another accepted input), or is malformed.</summary>
    NotAnObject = 4,

    /// <summary>The network interface does not exist in this network namespace.</summary>
    InterfaceNotFound = 5,

    /// <summary>Not root: CAP_BPF or CAP_NET_ADMIN is missing.</summary>
    PermissionDenied = 6,

    /// <summary>The object has no program of the requested name.</summary>
    ProgramNotFound = 7,

    /// <summary>Something is already attached there; <c>--replace</c> swaps a traitsbpf attachment's program atomically.</summary>
    AlreadyAttached = 8,

    /// <summary>The kernel's verifier rejected the program.</summary>
    VerifierRejected = 9,

    /// <summary>traitsbpf has nothing attached that matches (detach, maps).</summary>
    NotAttached = 10,

    /// <summary>The kernel or the interface's driver does not support what was asked.</summary>
    Unsupported = 11,

    /// <summary>The C# program cannot be compiled to BPF (the message names the file and line).</summary>
    CompileError = 12,

    /// <summary>A named trait disagrees with the host's trait registry (another size or type), or no trait key is free.</summary>
    TraitConflict = 13,

    /// <summary>The pin root /sys/fs/bpf/traitsbpf (or an entry in it) belongs to another user, is writable by others or is a symbolic link.</summary>
    UnsafePinRoot = 14,
}
