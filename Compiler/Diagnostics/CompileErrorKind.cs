namespace TraitsBpf.Compiler.Diagnostics;

/// <summary>What kind of failure a <see cref="CompileException"/> is, so tools can give each its own exit code.</summary>
public enum CompileErrorKind
{
    /// <summary>C# the compiler cannot translate to BPF, or an invalid program declaration.</summary>
    Unsupported,
    /// <summary>The assembly file does not exist.</summary>
    FileNotFound,
    /// <summary>The file is not a .NET assembly.</summary>
    NotAnAssembly,
    /// <summary>A requested program is not in the assembly (or it has none).</summary>
    ProgramNotFound,
}
