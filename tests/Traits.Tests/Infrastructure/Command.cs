using TraitsBpf.TestSupport.Host;

namespace TraitsBpf.Traits.Tests.Infrastructure;

/// <summary>Runs traitsbpf (built beside the tests) and system tools as child processes, with the runners the Loader tests use.</summary>
public static class Command
{
    /// <summary>Runs <c>traitsbpf</c> with <paramref name="arguments"/>.</summary>
    public static ProcessResult Cli(params string[] arguments) => Traitsbpf.Run(arguments);

    /// <summary>Runs <c>traitsbpf</c> with <paramref name="arguments"/> and, when given, extra <paramref name="environment"/> variables.</summary>
    public static ProcessResult CliWith(IReadOnlyDictionary<string, string>? environment, params string[] arguments) =>
        environment is null
            ? Cli(arguments)
            : TestSupport.Host.Run.Command("env", [.. environment.Select(e => $"{e.Key}={e.Value}"), "dotnet", Traitsbpf.Dll, .. arguments], stdin: null);

    /// <summary>Runs <paramref name="file"/> and waits up to two minutes.</summary>
    public static ProcessResult Run(string file, params string[] arguments) => TestSupport.Host.Run.Command(file, arguments);

    /// <summary>
    /// Runs a topology script (<paramref name="arguments"/> after <c>unshare -m sh</c>) and waits up to ten
    /// minutes: each of its many traitsbpf commands takes seconds on a loaded machine.
    /// </summary>
    public static ProcessResult Topology(params string[] arguments) =>
        TestSupport.Host.Run.Command("unshare", ["-m", "sh", .. arguments], stdin: null, timeout: TimeSpan.FromMinutes(10));
}
