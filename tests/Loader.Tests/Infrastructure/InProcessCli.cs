using TraitsBpf.Cli;

namespace TraitsBpf.Loader.Tests.Infrastructure;

/// <summary>Runs traitsbpf's entry point in the test process (the dotnet tool's code, JIT-compiled), capturing what it writes.</summary>
internal static class InProcessCli
{
    public static (int Code, string Stdout, string Stderr) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = CliApplication.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
