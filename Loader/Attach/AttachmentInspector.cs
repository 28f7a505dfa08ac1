using TraitsBpf.Loader.Attach.Kinds;
using TraitsBpf.Loader.Kernel;
using TraitsBpf.Loader.Pins;

namespace TraitsBpf.Loader.Attach;

/// <summary>Checks whether what a record describes is still attached, by identity: namespace, interface index and program id, never by name.</summary>
internal static class AttachmentInspector
{
    public static AttachmentState State(AttachmentRecord record, PinLayout layout, NamespaceIdentity here)
    {
        var kind = AttachKinds.Of(record.Method);
        if (!here.Is(record.NetworkNamespace, record.NetworkNamespaceCookie))
        {
            // A link tells from anywhere whether it still holds its interface; other kinds need the namespace.
            if (kind.StateElsewhere(record, layout) is { } seen)
                return seen;
            return here.IsGone(record.NetworkNamespace, record.NetworkNamespaceCookie) ? AttachmentState.NamespaceGone : AttachmentState.OtherNamespace;
        }
        return kind.State(record, layout);
    }

    /// <summary>The interface's name now, which differs from the record's when it was renamed; null when it is gone or elsewhere.</summary>
    public static string? CurrentInterface(AttachmentRecord record, NamespaceIdentity here) =>
        here.Is(record.NetworkNamespace, record.NetworkNamespaceCookie) ? NetworkInterfaces.NameOf(record.InterfaceIndex) : null;

    /// <summary>The libxdp dispatcher a member of one holds now, when the record is one and of this namespace; else null.</summary>
    public static XdpDispatcherState? Dispatcher(AttachmentRecord record, NamespaceIdentity here) =>
        record.Method == AttachMethod.XdpDispatcher && here.Is(record.NetworkNamespace, record.NetworkNamespaceCookie)
            && NetworkInterfaces.NameOf(record.InterfaceIndex) is not null
            ? XdpDispatcher.Find(record.InterfaceIndex)
            : null;

    /// <summary>The programs on a tcx link's hook now, in run order, when the record is one and of this namespace; else null.</summary>
    public static IReadOnlyList<HookProgram>? TcxOrder(AttachmentRecord record, NamespaceIdentity here) =>
        record.Method == AttachMethod.TcxLink && here.Is(record.NetworkNamespace, record.NetworkNamespaceCookie)
            && NetworkInterfaces.NameOf(record.InterfaceIndex) is not null
            ? TcxHook.Programs(record.InterfaceIndex, record.Hook)
            : null;

    /// <summary>The files under an attachment's pin directory, relative to it.</summary>
    public static IReadOnlyList<string> Pins(string directory) =>
        Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(directory, f)).Order(StringComparer.Ordinal).ToList()
            : [];
}
