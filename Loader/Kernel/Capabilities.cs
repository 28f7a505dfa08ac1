using System.Globalization;

namespace TraitsBpf.Loader.Kernel;

/// <summary>The process's effective capabilities, read from /proc/self/status, checked before touching the kernel.</summary>
public static class Capabilities
{
    private const int NetAdmin = 12;
    private const int SysAdmin = 21;
    private const int Perfmon = 38;
    private const int Bpf = 39;

    /// <summary>Throws <see cref="LoaderErrorKind.PermissionDenied"/> naming what is missing for <paramref name="action"/>.</summary>
    /// <param name="action">What needs the capabilities, as the start of a sentence ("traitsbpf load").</param>
    /// <param name="bpf">Whether CAP_BPF (or CAP_SYS_ADMIN) is needed.</param>
    /// <param name="netAdmin">Whether CAP_NET_ADMIN is needed.</param>
    public static void Require(string action, bool bpf, bool netAdmin)
    {
        var effective = Effective();
        var missing = new List<string>();
        // CAP_SYS_ADMIN still grants everything CAP_BPF does, as on kernels before 5.8.
        if (bpf && !Has(effective, Bpf) && !Has(effective, SysAdmin))
            missing.Add("CAP_BPF");
        if (netAdmin && !Has(effective, NetAdmin))
            missing.Add("CAP_NET_ADMIN");
        if (missing.Count > 0)
            throw new LoaderException(LoaderErrorKind.PermissionDenied,
                $"{action} needs root: the process lacks {string.Join(" and ", missing)}; run it with sudo");
    }

    /// <summary>
    /// Whether the verifier treats this process's programs as privileged: without CAP_PERFMON (or
    /// CAP_SYS_ADMIN) it refuses pointer comparisons and leaks and adds Spectre mitigations, even
    /// for a process that has CAP_BPF.
    /// </summary>
    public static bool VerifierPrivileged()
    {
        var effective = Effective();
        return Has(effective, Perfmon) || Has(effective, SysAdmin);
    }

    private static bool Has(ulong set, int capability) => (set & (1UL << capability)) != 0;

    private static ulong Effective()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("CapEff:", StringComparison.Ordinal))
                return ulong.Parse(line["CapEff:".Length..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        }
        return 0;
    }
}
