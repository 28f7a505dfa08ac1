namespace TraitsBpf;

/// <summary>The Linux errno values BPF helpers and kfuncs return (negated).</summary>
public static class Errno
{
    /// <summary>Operation not permitted (a timer whose map user space no longer holds, a map descriptor without the access).</summary>
    public const int EPERM = 1;
    /// <summary>No such file or directory (absent key or element).</summary>
    public const int ENOENT = 2;
    /// <summary>Argument list too long.</summary>
    public const int E2BIG = 7;
    /// <summary>Try again (a full ring buffer).</summary>
    public const int EAGAIN = 11;
    /// <summary>Out of memory.</summary>
    public const int ENOMEM = 12;
    /// <summary>Permission denied.</summary>
    public const int EACCES = 13;
    /// <summary>Bad address.</summary>
    public const int EFAULT = 14;
    /// <summary>Device or resource busy.</summary>
    public const int EBUSY = 16;
    /// <summary>Already exists.</summary>
    public const int EEXIST = 17;
    /// <summary>No such device.</summary>
    public const int ENODEV = 19;
    /// <summary>Invalid argument.</summary>
    public const int EINVAL = 22;
    /// <summary>No space left.</summary>
    public const int ENOSPC = 28;
    /// <summary>Result out of range (a number too large for the string helpers).</summary>
    public const int ERANGE = 34;
    /// <summary>Resource deadlock would occur.</summary>
    public const int EDEADLK = 35;
    /// <summary>No data available (a device that did not give a receive-metadata value for this packet).</summary>
    public const int ENODATA = 61;
    /// <summary>Protocol error (a tunnel key of the other address family).</summary>
    public const int EPROTO = 71;
    /// <summary>Protocol not supported (an IP version other than 4 or 6 given to the SYN cookie helpers).</summary>
    public const int EPROTONOSUPPORT = 93;
    /// <summary>Operation not supported.</summary>
    public const int EOPNOTSUPP = 95;
    /// <summary>Operation already in progress (a packet already encapsulated).</summary>
    public const int EALREADY = 114;
    /// <summary>Operation not supported (kernel-internal value).</summary>
    public const int ENOTSUPP = 524;
}
