using Microsoft.Extensions.Logging;
using TraitsBpf.Cli.Verbs;
using TraitsBpf.Compiler;
using TraitsBpf.Loader;
using TraitsBpf.Loader.Kernel;
using TraitsBpf.Loader.Traits;
using TraitsBpf.Abi;

namespace TraitsBpf.Cli.Sources;

/// <summary>Turns <c>--traits</c> into the compiler's backend, and says why, for the log and the output.</summary>
/// <param name="Backend">The backend programs are compiled for.</param>
/// <param name="Reason">Why: "--traits meta", or what auto found in the kernel.</param>
public sealed record TraitsBackendSelection(TraitsBackend Backend, string Reason)
{
    /// <summary>
    /// Resolves <paramref name="choice"/> for a compile about to start, and logs the outcome; auto asks the
    /// running kernel's BTF, as <c>traitsbpf kernel</c> does, then the host's record of the backend in force
    /// (programs loaded separately must agree), and falls back on meta (the reason names the record only
    /// when it is what decided).
    /// </summary>
    public static TraitsBackendSelection Resolve(TraitsChoice choice, ILogger logger)
    {
        TraitsBackendSelection selection = choice switch
        {
            TraitsChoice.Kfunc => new(TraitsBackend.Kfunc, "--traits kfunc"),
            TraitsChoice.Meta => new(TraitsBackend.Meta, "--traits meta"),
            TraitsChoice.Stash => new(TraitsBackend.Stash, "--traits stash"),
            _ => KernelFeatures.CurrentTraitsBackend() == Abi.TraitsBackendNames.Kfunc
                ? new(TraitsBackend.Kfunc, $"auto: kernel {KernelFeatures.CurrentRelease()} has the trait kfuncs")
                : HostRecord() is { Backend: not TraitsBackend.Meta } record
                    ? new(record.Backend, $"auto: kernel {KernelFeatures.CurrentRelease()} has no trait kfuncs, and this host keeps traits with the {Abi.TraitsBackendNames.Of(record.Backend)} backend")
                    : new(TraitsBackend.Meta, $"auto: kernel {KernelFeatures.CurrentRelease()} has no trait kfuncs"),
        };
        logger.LogInformation("compiling for the {Backend} traits backend ({Reason})", selection.Name, selection.Reason);
        return selection;
    }

    /// <summary>The host's recorded backend, when this process may read it (compiling needs no privileges, reading the pin root does).</summary>
    private static HostBackendRecord? HostRecord()
    {
        try
        {
            return new HostTraitBackend().Read();
        }
        catch (Exception e) when (e is LoaderException or UnauthorizedAccessException or IOException)
        {
            return null;
        }
    }

    /// <summary>"kfunc", "meta" or "stash".</summary>
    public string Name => Abi.TraitsBackendNames.Of(Backend);
}
