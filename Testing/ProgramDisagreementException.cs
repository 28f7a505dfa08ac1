namespace TraitsBpf.Testing;

/// <summary>The program gave one result run as .NET code and another in the kernel, for the same packet.</summary>
public sealed class ProgramDisagreementException : Exception
{
    /// <summary>Reports a disagreement described by <paramref name="message"/>.</summary>
    public ProgramDisagreementException(string message)
        : base(message)
    {
    }
}
