using TraitsBpf.Loader.Interop;
using TraitsBpf.Loader.Kernel;
using TraitsBpf.Loader.Pins;

namespace TraitsBpf.Loader.Attach;

/// <summary>Checks whether what a record describes is still attached.</summary>
internal static class AttachmentInspector
{
    public static AttachmentState State(AttachmentRecord record, PinLayout layout, ulong currentNamespace)
    {
        if (record.NetworkNamespace != currentNamespace)
            return AttachmentState.OtherNamespace;
        if (NetworkInterfaces.NameOf(record.InterfaceIndex) != record.Interface)
            return AttachmentState.InterfaceGone;

        switch (record.Method)
        {
            case AttachMethod.XdpLink:
                using (var link = layout.OpenLink(record.Name))
                {
                    // A link whose interface went away stays pinned but reports ifindex 0.
                    return LinkIfindex(link.Fd, record.Name) == record.InterfaceIndex ? AttachmentState.Active : AttachmentState.InterfaceGone;
                }
            case AttachMethod.XdpNetlink:
                return XdpHook.AttachedProgramId(record.InterfaceIndex, record.XdpMode ?? XdpMode.Native) == record.ProgramId
                    ? AttachmentState.Active
                    : AttachmentState.Displaced;
            default:
                return TcHook.ProgramId(record.InterfaceIndex, record.Hook, record.TcHandle, record.TcPriority) == record.ProgramId
                    ? AttachmentState.Active
                    : AttachmentState.Displaced;
        }
    }

    /// <summary>The files under an attachment's pin directory, relative to it.</summary>
    public static IReadOnlyList<string> Pins(string directory) =>
        Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(directory, f)).Order(StringComparer.Ordinal).ToList()
            : [];

    private static unsafe int LinkIfindex(int fd, string name)
    {
        var info = ObjectInfo.Read(fd, new BpfLinkInfo(), $"the XDP link of '{name}'");
        return (int)(uint)info.target_union[0];
    }
}
