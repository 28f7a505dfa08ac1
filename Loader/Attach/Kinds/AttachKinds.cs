using TraitsBpf.Loader.Kernel;

namespace TraitsBpf.Loader.Attach.Kinds;

/// <summary>
/// The attach kinds, in order of preference: a new attachment takes the first that serves its
/// hook on the running kernel, and a recorded one the kind of its method.
/// </summary>
internal static class AttachKinds
{
    private static readonly IReadOnlyList<IAttachKind> s_kinds = [new XdpLinkKind(), new XdpNetlinkKind(), new TcxLinkKind(), new TcFilterKind(), new TracingLinkKind(), new CgroupLinkKind(), new XdpDispatcherKind()];

    /// <summary>The kind of attachments recorded with <paramref name="method"/>.</summary>
    public static IAttachKind Of(AttachMethod method) =>
        s_kinds.FirstOrDefault(k => k.Method == method)
            ?? throw new LoaderException(LoaderErrorKind.Failed, $"attach method {method} is not known to this version of traitsbpf");

    /// <summary>
    /// The kind a new attachment at <paramref name="hook"/> gets on a kernel with <paramref name="features"/>; a program
    /// loaded to join libxdp's dispatcher (<paramref name="joinsDispatcher"/>) is a member of it.
    /// </summary>
    public static IAttachKind For(AttachHook hook, KernelFeatures features, bool joinsDispatcher = false) =>
        joinsDispatcher ? Of(AttachMethod.XdpDispatcher) : s_kinds.FirstOrDefault(k => k.Serves(hook, features))
            ?? throw new LoaderException(LoaderErrorKind.Unsupported, $"this kernel offers no way to attach at {AttachTarget.NameOf(hook)}");
}
