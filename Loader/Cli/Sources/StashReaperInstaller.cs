using Microsoft.Extensions.Logging;
using TraitsBpf.Abi;
using TraitsBpf.Compiler;
using TraitsBpf.Loader;
using TraitsBpf.Loader.Attach;
using TraitsBpf.Loader.Loading;

namespace TraitsBpf.Cli.Sources;

/// <summary>
/// Attaches the stash backend's reaper once per host: its tracing programs (TraitsBpf.Sdk's
/// <c>StashReaper</c>, compiled by our compiler from the SDK beside traitsbpf) delete a freed
/// sk_buff's entry from the host's stash. Each is an ordinary tracing attachment named after its
/// program, so <c>traitsbpf list</c> shows it and <c>detach</c> removes it.
/// </summary>
/// <param name="attachments">Where the reaper is pinned and recorded.</param>
/// <param name="logger">Logs what is compiled and attached.</param>
public sealed class StashReaperInstaller(Attachments attachments, ILogger logger)
{
    /// <summary>The SDK assembly the reaper is compiled from.</summary>
    public static string SdkAssembly => Path.Combine(AppContext.BaseDirectory, "TraitsBpf.Sdk.dll");

    /// <summary>The reaper programs that are not attached yet.</summary>
    public IReadOnlyList<string> Missing() =>
        [.. TraitStashFormat.ReaperPrograms.Where(name => !Directory.Exists(Path.Combine(attachments.Root, name)))];

    /// <summary>Attaches every reaper program that is not attached; returns the names it attached.</summary>
    /// <exception cref="LoaderException">The SDK is missing, or a program failed to compile, load or attach.</exception>
    public IReadOnlyList<string> Ensure()
    {
        var missing = Missing();
        if (missing.Count == 0)
            return [];
        if (!File.Exists(SdkAssembly))
            throw new LoaderException(LoaderErrorKind.FileNotFound,
                $"the stash backend's reaper is compiled from {SdkAssembly}, which is missing; reinstall traitsbpf");
        var compiled = BpfCompiler.Compile(SdkAssembly, new CompilerOptions { Traits = TraitsBackend.Stash, Programs = missing });
        foreach (var program in missing)
        {
            logger.LogInformation("attaching the stash reaper's {Program}", program);
            using var loaded = new LoadSequence(attachments, logger).Run(new LoadRequest(() => new ObjectImage("stash_reaper", compiled.Object, SdkAssembly))
            {
                Program = program,
                Target = AttachTarget.Tracing,
                Name = program,
            });
        }

        return missing;
    }
}
