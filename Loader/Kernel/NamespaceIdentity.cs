namespace TraitsBpf.Loader.Kernel;

/// <summary>
/// A network namespace as records name it (its inode, and its cookie where the kernel has one), and what
/// this process sees of the others. Made once per command: the other namespaces' holders are read once.
/// </summary>
internal sealed class NamespaceIdentity
{
    private readonly Lazy<IReadOnlyDictionary<ulong, string>> _holders = new(NetworkNamespaces.Holders);

    private NamespaceIdentity(ulong inode, ulong cookie)
    {
        Inode = inode;
        Cookie = cookie;
    }

    /// <summary>The namespace's inode, unique among living namespaces.</summary>
    public ulong Inode { get; }

    /// <summary>The namespace's cookie, unique for the host's lifetime; 0 when unknown.</summary>
    public ulong Cookie { get; }

    /// <summary>This process's namespace.</summary>
    public static NamespaceIdentity Current() => new(NetworkNamespaces.CurrentInode(), NetworkNamespaces.CurrentCookie());

    /// <summary>True when a record made in (<paramref name="inode"/>, <paramref name="cookie"/>) was made in this namespace.</summary>
    public bool Is(ulong inode, ulong cookie) => NetworkNamespaces.IsCurrent(inode, cookie, Inode, Cookie);

    /// <summary>
    /// True when (<paramref name="inode"/>, <paramref name="cookie"/>) names a namespace that no longer exists:
    /// a namespace with that inode exists (this one) but has another cookie, or nothing on the host holds that inode.
    /// </summary>
    public bool IsGone(ulong inode, ulong cookie) =>
        inode == Inode ? !Is(inode, cookie) : Holder(inode) is null;

    /// <summary>A path through which namespace <paramref name="inode"/> can be entered, or null when nothing holds it.</summary>
    public string? Holder(ulong inode) => _holders.Value.GetValueOrDefault(inode);
}
