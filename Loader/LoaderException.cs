namespace TraitsBpf.Loader;

/// <summary>
/// A loader failure described in one sentence that can be shown to the user as is,
/// with a <see cref="Kind"/> that callers can act on.
/// </summary>
public class LoaderException : Exception
{
    /// <summary>Creates the exception with a one-sentence message.</summary>
    public LoaderException(LoaderErrorKind kind, string message, Exception? inner = null)
        : base(message, inner)
    {
        Kind = kind;
    }

    /// <summary>What kind of failure this is.</summary>
    public LoaderErrorKind Kind { get; }

    /// <summary>The errno behind the failure when a system call reported one, as a positive number; otherwise 0.</summary>
    public int Errno { get; init; }
}
