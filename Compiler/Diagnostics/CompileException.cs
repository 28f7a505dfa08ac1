namespace TraitsBpf.Compiler.Diagnostics;

/// <summary>
/// A program the compiler cannot translate. The message is one sentence naming the C# construct;
/// <see cref="Location"/> says where it is, when the assembly has a PDB.
/// </summary>
public sealed class CompileException : Exception
{
    /// <summary>Creates the error.</summary>
    public CompileException(string message, SourceLocation? location, string? methodName = null, CompileErrorKind kind = CompileErrorKind.Unsupported)
        : base(message)
    {
        Location = location;
        MethodName = methodName;
        Kind = kind;
    }

    /// <summary>What kind of failure this is.</summary>
    public CompileErrorKind Kind { get; }

    /// <summary>Where the construct is, or null without a PDB.</summary>
    public SourceLocation? Location { get; }

    /// <summary>The C# method the construct is in, for messages without a PDB.</summary>
    public string? MethodName { get; }

    /// <summary>"File.cs:12: error: message", or "in Method: error: message" without a PDB.</summary>
    public string Describe()
    {
        if (Location is not null)
        {
            return $"{Location}: error: {Message}";
        }

        return MethodName is not null ? $"{MethodName}: error: {Message}" : $"error: {Message}";
    }
}
