using CommandLine;
using CommandLine.Text;
using Microsoft.Extensions.Logging;
using TraitsBpf.Cli.Output;
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
        using var parser = new Parser(settings =>
        {
            settings.HelpWriter = null;
            settings.CaseInsensitiveEnumValues = true;
            settings.AllowMultiInstance = true;
        });
        var commands = CommandCatalog.Commands;
        var result = parser.ParseArguments(args, commands.Select(c => c.OptionsType).ToArray());
        if (result is NotParsed<object> notParsed)
            return (int)Help(notParsed, stdout, stderr);

        var options = (VerbOptions)((Parsed<object>)result).Value;
        using var logging = ConsoleLogging.Create(options.Verbose);
        LibbpfLog.Use(logging);
        var logger = logging.CreateLogger("traitsbpf");
        var context = new CliContext(stdout, stderr, logger, sources, new Attachments(logger));
        var command = commands.First(c => c.OptionsType == options.GetType());
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

    private static ExitCode Help(NotParsed<object> notParsed, TextWriter stdout, TextWriter stderr)
    {
        var requested = notParsed.Errors.All(e => e.Tag is ErrorType.HelpRequestedError or ErrorType.HelpVerbRequestedError or ErrorType.VersionRequestedError);
        var help = HelpText.AutoBuild(notParsed, h =>
        {
            h.Heading = "traitsbpf: load, attach, run and inspect BPF programs";
            h.Copyright = string.Empty;
            h.AdditionalNewLineAfterOption = false;
            h.AddDashesToOption = true;
            h.AddPostOptionsLines(ExitCodeHelp());
            return h;
        }, e => e, verbsIndex: true);
        if (requested)
        {
            stdout.WriteLine(help);
            return ExitCode.Success;
        }
        // A usage mistake gets the parser's own words in one sentence, not the whole help screen.
        var sentences = SentenceBuilder.Create();
        var messages = notParsed.Errors.Select(e => sentences.FormatError(e).TrimEnd('.')).Where(m => m.Length > 0).Distinct().ToList();
        var verb = notParsed.TypeInfo.Current is { } current && current != typeof(NullInstance)
            ? current.GetCustomAttributes(typeof(VerbAttribute), false).OfType<VerbAttribute>().FirstOrDefault()?.Name
            : null;
        stderr.WriteLine($"error: {string.Join("; ", messages)}; see 'traitsbpf {(verb is null ? "--help" : $"help {verb}")}'.");
        return ExitCode.Usage;
    }

    private static IEnumerable<string> ExitCodeHelp() =>
        new[] { "", "Exit codes:" }.Concat(Enum.GetValues<ExitCode>().Select(c => $"  {(int)c,2}  {c}"));
}
