using TraitsBpf.Loader.Attach.Kinds;

namespace TraitsBpf.Loader.Attach;

/// <summary>How an attachment is printed, as its attach kind says: the same words in <c>load</c>, <c>list</c> and <c>list --json</c>.</summary>
public static class AttachmentDescription
{
    /// <summary>The method as printed: bpf_link, netlink or tc_filter.</summary>
    public static string MethodName(AttachMethod method) => AttachKinds.Of(method).Name;

    /// <summary>True when the record's TC handle and priority identify the attachment (a clsact filter).</summary>
    public static bool HasFilter(AttachMethod method) => AttachKinds.Of(method).HasFilter;

    /// <summary>
    /// Where and how <paramref name="record"/> is attached, as printed after its hook: the XDP mode and the method
    /// joined by <paramref name="methodSeparator"/> ("native, bpf_link"), or a filter's handle and priority.
    /// </summary>
    public static string Placement(AttachmentRecord record, string methodSeparator)
    {
        ArgumentNullException.ThrowIfNull(record);
        return AttachKinds.Of(record.Method).Describe(record, methodSeparator);
    }
}
