using System.Globalization;
using TraitsBpf.Object;
using TraitsBpf.Object.Reading;

namespace TraitsBpf.Loader.Kernel;

/// <summary>
/// What the running kernel supports, read from its BTF (/sys/kernel/btf/vmlinux) rather
/// than by loading probe programs: kfuncs appear as FUNC types, and attach and link types
/// as enumerators of <c>enum bpf_attach_type</c> and <c>enum bpf_link_type</c>.
/// </summary>
/// <param name="Release">The kernel release (<c>uname -r</c>).</param>
/// <param name="HasBtf">Whether the kernel exposes its BTF.</param>
/// <param name="TraitKfuncs">Each trait kfunc and whether the kernel has it.</param>
/// <param name="XdpLinks">Whether XDP can be attached through a bpf_link (BPF_LINK_TYPE_XDP, Linux 5.9+).</param>
/// <param name="TcxLinks">Whether TC programs can be attached through tcx links (BPF_TCX_INGRESS, Linux 6.6+).</param>
/// <param name="NetkitLinks">Whether netkit devices exist (BPF_NETKIT_PRIMARY, Linux 6.7+).</param>
public sealed record KernelFeatures(
    string Release,
    bool HasBtf,
    IReadOnlyDictionary<string, bool> TraitKfuncs,
    bool XdpLinks,
    bool TcxLinks,
    bool NetkitLinks)
{
    /// <summary>The default location of the kernel's BTF.</summary>
    public const string VmlinuxBtfPath = "/sys/kernel/btf/vmlinux";

    /// <summary>
    /// The environment variable that hides link types from traitsbpf, so that the fallback paths a
    /// kernel without them takes can be exercised on one that has them: a comma-separated list of
    /// <c>xdp-links</c> (XDP through netlink) and <c>tcx</c> (TC through clsact filters).
    /// </summary>
    public const string WithoutVariable = "TRAITSBPF_KERNEL_WITHOUT";

    // The kernel's BTF, read once and parsed once per process, and only by what needs the parse: a byte search
    // answers most questions (which names it holds) without the parse that is most of a cold compile.
    private static readonly Lazy<byte[]?> s_vmlinuxBytes = new(() => File.Exists(VmlinuxBtfPath) ? File.ReadAllBytes(VmlinuxBtfPath) : null);
    private static readonly Lazy<BtfFile?> s_vmlinux = new(() => s_vmlinuxBytes.Value is { } bytes ? Parse(bytes, VmlinuxBtfPath) : null);
    private static readonly Lazy<KernelFeatures> s_current = new(() => Without(From(s_vmlinux.Value), Environment.GetEnvironmentVariable(WithoutVariable)));

    /// <summary>The running kernel's features, read once per process (less what <see cref="WithoutVariable"/> hides).</summary>
    public static KernelFeatures Current => s_current.Value;

    /// <summary><paramref name="features"/> less the link types <paramref name="hidden"/> names (see <see cref="WithoutVariable"/>).</summary>
    /// <exception cref="LoaderException">An unknown name: a typo must not silently test the default path.</exception>
    public static KernelFeatures Without(KernelFeatures features, string? hidden)
    {
        ArgumentNullException.ThrowIfNull(features);
        foreach (var name in (hidden ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            features = name switch
            {
                "xdp-links" => features with { XdpLinks = false },
                "tcx" => features with { TcxLinks = false },
                _ => throw new LoaderException(LoaderErrorKind.InvalidArgument,
                    $"{WithoutVariable} names '{name}', which is not one of xdp-links, tcx"),
            };
        }
        return features;
    }

    /// <summary>
    /// The running kernel's traits backend, as <see cref="Current"/>'s <see cref="TraitsBackend"/>, without
    /// parsing the kernel's BTF when the answer is plain: a FUNC's name is in the BTF's string table, so BTF
    /// whose bytes do not contain a trait kfunc's name cannot have that kfunc. Parsing all 5 MB of a stock
    /// kernel's BTF is most of a cold <c>traitsbpf compile</c>; the byte search takes a millisecond.
    /// </summary>
    public static string CurrentTraitsBackend()
    {
        if (!s_current.IsValueCreated && s_vmlinuxBytes.Value is { } btf && LacksTraitKfuncNames(btf))
            return Abi.TraitsBackendNames.Meta;
        return Current.TraitsBackend;
    }

    /// <summary>Whether <paramref name="btf"/>'s bytes lack a trait kfunc's NUL-terminated name, so it cannot declare every trait kfunc.</summary>
    internal static bool LacksTraitKfuncNames(ReadOnlySpan<byte> btf)
    {
        foreach (var name in Abi.TraitKfuncs.All)
        {
            if (!ContainsString(btf, name))
                return true;
        }
        return false;
    }

    /// <summary>
    /// Whether the running kernel can keep traits with the stash backend: its BTF names
    /// <c>bpf_cast_to_kern_ctx</c> (6.2+) and the consume_skb and kfree_skb tracepoints the reaper's
    /// tp_btf programs attach to.
    /// </summary>
    public static bool CurrentSupportsStash()
    {
        if (s_vmlinuxBytes.Value is not { } btf)
            return false;
        return ContainsString(btf, Abi.TraitKfuncs.CastToKernContext) && ContainsString(btf, "btf_trace_consume_skb") && ContainsString(btf, "btf_trace_kfree_skb");
    }

    /// <summary>
    /// Whether vmlinux's BTF names every one of <paramref name="functions"/>: for the series' kfuncs, which it builds
    /// into vmlinux (<see cref="Abi.TraitKfuncs.SockAddr"/>, <see cref="Abi.TraitKfuncs.SockAddrControlMessages"/>).
    /// False when the kernel has no BTF.
    /// </summary>
    public static bool CurrentVmlinuxNamesAll(IEnumerable<string> functions)
    {
        ArgumentNullException.ThrowIfNull(functions);
        return s_vmlinuxBytes.Value is { } btf && functions.All(name => ContainsString(btf, name));
    }

    /// <summary>
    /// Whether the running kernel's BTF, vmlinux's or a loaded module's, can declare a function named
    /// <paramref name="name"/>: false only when no BTF names it at all, so a kfunc it reports absent is
    /// absent, and one it reports present is left for libbpf to resolve (and to check its prototype).
    /// True when the kernel has no BTF to look in: libbpf will say what it finds.
    /// </summary>
    public static bool CurrentMayHaveFunction(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (s_vmlinuxBytes.Value is not { } vmlinux)
            return true;
        // Modules' BTF is read only for a name vmlinux lacks.
        return ContainsString(vmlinux, name)
            || Directory.EnumerateFiles(Path.GetDirectoryName(VmlinuxBtfPath)!)
                .Where(path => path != VmlinuxBtfPath)
                .Any(path => ContainsString(File.ReadAllBytes(path), name));
    }

    /// <summary>
    /// The prototype of vmlinux's function <paramref name="name"/> as libbpf compares kfunc prototypes; null when
    /// vmlinux has no such function (it may be a module's), no BTF, or BTF that cannot be read.
    /// </summary>
    public static BtfFunctionShape? CurrentFunctionShape(string name)
    {
        try
        {
            return s_vmlinux.Value?.FunctionShape(name);
        }
        catch (LoaderException)
        {
            return null;
        }
    }

    /// <summary>
    /// The byte offset of <paramref name="structName"/>.<paramref name="memberName"/> in the running kernel, from
    /// its BTF, for memory a program reaches with bpf_probe_read_kernel rather than a CO-RE field; null without
    /// BTF, or when the kernel has no such member.
    /// </summary>
    public static int? CurrentMemberOffset(string structName, string memberName) => s_vmlinux.Value?.MemberOffset(structName, memberName);

    /// <summary>The enumerators of the running kernel's enum <paramref name="enumName"/> with their values; empty without BTF.</summary>
    public static IReadOnlyDictionary<string, long> CurrentEnumerators(string enumName) =>
        s_vmlinux.Value?.Enumerators(enumName) ?? new Dictionary<string, long>();

    /// <summary>The running kernel's release (<c>uname -r</c>).</summary>
    public static string CurrentRelease() =>
        File.Exists("/proc/sys/kernel/osrelease") ? File.ReadAllText("/proc/sys/kernel/osrelease").Trim() : Environment.OSVersion.Version.ToString();

    private static bool ContainsString(ReadOnlySpan<byte> btf, string name)
    {
        Span<byte> terminated = stackalloc byte[name.Length + 2];
        terminated[0] = 0;
        System.Text.Encoding.ASCII.GetBytes(name, terminated[1..]);
        terminated[^1] = 0;
        return btf.IndexOf(terminated) >= 0;
    }

    /// <summary>"kfunc" when every trait kfunc is present, "meta" (traits in the XDP metadata area) otherwise.</summary>
    public string TraitsBackend => TraitKfuncs.Values.All(present => present) ? Abi.TraitsBackendNames.Kfunc : Abi.TraitsBackendNames.Meta;

    /// <summary>Reads the features from the BTF at <paramref name="btfPath"/> and the running kernel's release.</summary>
    public static KernelFeatures Probe(string btfPath) =>
        From(File.Exists(btfPath) ? Parse(File.ReadAllBytes(btfPath), btfPath) : null);

    /// <exception cref="LoaderException">The bytes are not BTF.</exception>
    private static BtfFile Parse(byte[] bytes, string path)
    {
        try
        {
            return BtfFile.Read(bytes, "kernel BTF");
        }
        catch (ObjectFormatException e)
        {
            throw new LoaderException(LoaderErrorKind.Failed, $"the kernel's BTF at {path} cannot be read: {e.Message.TrimEnd('.')}");
        }
    }

    /// <summary>The features <paramref name="btf"/> declares, with the running kernel's release; without BTF, from the release alone.</summary>
    private static KernelFeatures From(BtfFile? btf)
    {
        var release = CurrentRelease();
        if (btf is null)
        {
            // Without BTF, fall back on the release number for the link types.
            var version = ParseVersion(release);
            return new KernelFeatures(release, HasBtf: false, Abi.TraitKfuncs.All.ToDictionary(n => n, _ => false),
                XdpLinks: version >= new Version(5, 9), TcxLinks: version >= new Version(6, 6), NetkitLinks: version >= new Version(6, 7));
        }

        var attachTypes = btf.EnumeratorNames("bpf_attach_type");
        var linkTypes = btf.EnumeratorNames("bpf_link_type");
        return new KernelFeatures(
            release,
            HasBtf: true,
            Abi.TraitKfuncs.All.ToDictionary(n => n, btf.HasFunction),
            XdpLinks: linkTypes.Contains("BPF_LINK_TYPE_XDP"),
            TcxLinks: attachTypes.Contains("BPF_TCX_INGRESS"),
            NetkitLinks: attachTypes.Contains("BPF_NETKIT_PRIMARY"));
    }

    private static Version ParseVersion(string release)
    {
        var digits = new string(release.TakeWhile(c => char.IsDigit(c) || c == '.').ToArray()).Trim('.');
        var parts = digits.Split('.');
        return parts.Length >= 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minor)
            ? new Version(major, minor)
            : new Version(0, 0);
    }
}
