namespace TraitsBpf.Cli;

/// <summary>A verb's behaviour, paired with the <c>[Verb]</c> options class that declares the verb.</summary>
public interface ICliCommand
{
    /// <summary>The <c>[Verb]</c> options class this command executes.</summary>
    Type OptionsType { get; }

    /// <summary>Runs the command. Failures are thrown as <see cref="TraitsBpf.Loader.LoaderException"/>.</summary>
    ExitCode Execute(object options, CliContext context);
}
