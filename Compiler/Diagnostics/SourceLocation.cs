namespace TraitsBpf.Compiler.Diagnostics;

/// <summary>A place in C# source, from the assembly's portable PDB sequence points.</summary>
/// <param name="File">The source file path as the PDB records it.</param>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
public sealed record SourceLocation(string File, int Line, int Column)
{
    /// <summary>"File.cs:12", the form every diagnostic uses.</summary>
    public override string ToString() => $"{File}:{Line}";
}
