namespace TraitsBpf.Cli.Verbs;

/// <summary><c>traitsbpf repair</c>: reconcile the records and pins with the kernel.</summary>
[Verb("repair", HelpText = "Undo what killed traitsbpf commands left half-done and remove records of programs the kernel no longer runs; only what is provably traitsbpf's is touched.")]
public sealed class RepairOptions : VerbOptions
{
}
