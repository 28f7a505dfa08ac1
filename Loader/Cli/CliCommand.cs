namespace TraitsBpf.Cli;

/// <summary>Base of the commands: binds a command to its options class.</summary>
/// <typeparam name="TOptions">The <c>[Verb]</c> options class.</typeparam>
public abstract class CliCommand<TOptions> : ICliCommand
    where TOptions : VerbOptions
{
    /// <inheritdoc/>
    public Type OptionsType => typeof(TOptions);

    /// <inheritdoc/>
    public ExitCode Execute(object options, CliContext context) => Execute((TOptions)options, context);

    /// <summary>Runs the command with its parsed options.</summary>
    protected abstract ExitCode Execute(TOptions options, CliContext context);
}
