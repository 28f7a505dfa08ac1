using TraitsBpf.Loader;

namespace TraitsBpf.Cli.Output;

/// <summary>Prints a verifier rejection: the annotated log, then the one-sentence verdict.</summary>
internal static class VerifierReport
{
    public static void Write(VerifierException rejection, TextWriter error)
    {
        error.WriteLine($"verifier log for program '{rejection.ProgramName}':");
        error.WriteLine(rejection.AnnotatedLog.TrimEnd('\n'));
        error.WriteLine();
        error.WriteLine($"error: {CliApplication.Sentence(rejection.Message)}");
    }
}
