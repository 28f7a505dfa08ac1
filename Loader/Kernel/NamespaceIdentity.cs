namespace TraitsBpf.Loader.Kernel;

/// <summary>A network namespace as records name it: its inode, and its cookie where the kernel has one.</summary>
/// <param name="Inode">The namespace's inode, unique among living namespaces.</param>
/// <param name="Cookie">The namespace's cookie, unique for the host's lifetime; 0 when unknown.</param>
internal readonly record struct NamespaceIdentity(ulong Inode, ulong Cookie)
{
    /// <summary>This process's namespace.</summary>
    public static NamespaceIdentity Current() => new(NetworkNamespaces.CurrentInode, NetworkNamespaces.CurrentCookie());

    /// <summary>True when a record made in (<paramref name="inode"/>, <paramref name="cookie"/>) was made in this namespace.</summary>
    public bool Is(ulong inode, ulong cookie) => NetworkNamespaces.IsCurrent(inode, cookie, Inode, Cookie);

    /// <summary>
    /// True when (<paramref name="inode"/>, <paramref name="cookie"/>) names a namespace that no longer exists:
    /// a namespace with that inode exists (this one) but has another cookie, or nothing on the host holds that inode.
    /// </summary>
    public bool IsGone(ulong inode, ulong cookie) =>
        inode == Inode ? !Is(inode, cookie) : NetworkNamespaces.Holder(inode) is null;
}
