using System.Reflection;
using Microsoft.Extensions.Logging;
using TraitsBpf.Cli.Output;
using TraitsBpf.Cli.Parsing;
using TraitsBpf.Cli.Sources;
using TraitsBpf.Compiler.Diagnostics;
using TraitsBpf.Loader;
using TraitsBpf.Loader.Attach;

namespace TraitsBpf.Cli;

/// <summary>
/// Parses the command line, runs the verb and turns every failure into one sentence on
/// stderr and a distinct exit code (<see cref="ExitCode"/>): the user never sees a stack
/// trace unless they ask for one with -v.
/// </summary>
public static class CliApplication
{
    /// <summary>Runs traitsbpf with <paramref name="args"/>, writing results to <paramref name="stdout"/> and errors to <paramref name="stderr"/>.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr) =>
        Run(args, stdout, stderr, ObjectSources.Default);

    /// <summary>Runs traitsbpf accepting the inputs of <paramref name="sources"/>.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, ObjectSources sources)
    {
        ArgumentNullException.ThrowIfNull(args);
        var commands = CommandCatalog.Commands;
        var verbs = commands.Select(c => VerbDescriptors.All.First(v => v.OptionsType == c.OptionsType)).ToList();
        var outcome = VerbParser.Parse(args, verbs);
        if (outcome is not VerbToRun run)
            return (int)Answer(outcome, verbs, stdout, stderr);

        var options = run.Options;
        var command = commands.First(c => c.OptionsType == run.Verb.OptionsType);
        using var logging = ConsoleLogging.Create(options.Verbose);
        LibbpfLog.Use(logging);
        var logger = logging.CreateLogger("traitsbpf");
        var context = new CliContext(stdout, stderr, logger, sources, new Attachments(logger));
        try
        {
            return (int)command.Execute(options, context);
        }
        catch (CompileException e)
        {
            stderr.WriteLine(Sentence(e.Describe()));
            return (int)(e.Kind switch
            {
                CompileErrorKind.FileNotFound => ExitCode.FileNotFound,
                CompileErrorKind.NotAnAssembly => ExitCode.NotAnObject,
                CompileErrorKind.ProgramNotFound => ExitCode.ProgramNotFound,
                _ => ExitCode.CompileError,
            });
        }
        catch (VerifierException e)
        {
            VerifierReport.Write(e, stderr);
            return (int)ExitCode.VerifierRejected;
        }
        catch (LoaderException e)
        {
            stderr.WriteLine($"error: {Sentence(e.Message)}");
            return (int)ExitCodes.For(e.Kind);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A bug in traitsbpf, not a user error: still one sentence, with the details behind -v.
            stderr.WriteLine($"error: internal error ({e.GetType().Name}): {Sentence(e.Message)}");
            if (options.Verbose)
                stderr.WriteLine(e);
            return (int)ExitCode.Failure;
        }
    }

    /// <summary>Capitalises nothing and adds the final full stop the loader's messages leave off.</summary>
    internal static string Sentence(string message) => message.EndsWith('.') ? message : message + ".";

    /// <summary>Help, the version, or the one sentence that says what is wrong with the command line.</summary>
    private static ExitCode Answer(ParseOutcome outcome, IReadOnlyList<VerbDescriptor> verbs, TextWriter stdout, TextWriter stderr)
    {
        switch (outcome)
        {
            case HelpRequest request:
                stdout.Write(request.Verb is null ? HelpWriter.Verbs(verbs, ExitCodeHelp()) : HelpWriter.Verb(request.Verb, ExitCodeHelp()));
                return ExitCode.Success;
            case VersionRequest:
                stdout.WriteLine($"traitsbpf {Version}");
                return ExitCode.Success;
            case UsageMistake mistake:
                // A usage mistake gets the parser's own words in one sentence, not the whole help screen.
                var help = mistake.Verb is null ? "--help" : $"help {mistake.Verb.Name}";
                stderr.WriteLine($"error: {string.Join("; ", mistake.Messages.Distinct())}; see 'traitsbpf {help}'.");
                return ExitCode.Usage;
            default:
                throw new InvalidOperationException($"the command-line parser returned {outcome.GetType().Name}, which traitsbpf does not handle");
        }
    }

    internal static string Version =>
        typeof(CliApplication).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    private static IEnumerable<string> ExitCodeHelp() =>
        new[] { "", "Exit codes:" }.Concat(Enum.GetValues<ExitCode>().Select(c => $"  {(int)c,2}  {c}"));
}
