using TraitsBpf.Loader.Attach.Kinds;
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

        return AttachKinds.Of(record.Method).State(record, layout);
    }

    /// <summary>The files under an attachment's pin directory, relative to it.</summary>
    public static IReadOnlyList<string> Pins(string directory) =>
        Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(directory, f)).Order(StringComparer.Ordinal).ToList()
            : [];
}
