using Microsoft.Extensions.Logging;
using TraitsBpf.Cli.Verbs;
using TraitsBpf.Compiler;
using TraitsBpf.Loader.Loading;

namespace TraitsBpf.Cli.Sources;

/// <summary>
/// A .NET assembly with BPF programs in it, compiled to an object on the way in. The assembly is
/// read as data by the compiler; it is never loaded into this process or run.
/// </summary>
/// <param name="traits">The traits backend to compile for (<c>--traits</c>); auto asks the running kernel.</param>
/// <param name="programs">Only these programs (by attribute name); null or empty compiles them all.</param>
public sealed class AssemblySource(TraitsChoice traits = TraitsChoice.Auto, IReadOnlyList<string>? programs = null) : IObjectSource
{
    /// <inheritdoc/>
    public string Description => "a .NET assembly with BPF programs";

    /// <summary>The <c>--traits</c> choice this source compiles with.</summary>
    public TraitsChoice Traits => traits;

    /// <inheritdoc/>
    public bool Recognizes(string path, ReadOnlySpan<byte> header) =>
        header.Length >= 2 && header[0] == (byte)'M' && header[1] == (byte)'Z';

    /// <inheritdoc/>
    public ObjectImage Read(string path, ILogger logger)
    {
        var selection = TraitsBackendSelection.Resolve(traits, logger);
        // Only the program asked for: other programs of the assembly may not compile, or may declare traits this one does not.
        var result = BpfCompiler.Compile(path, new CompilerOptions { Traits = selection.Backend, Programs = programs ?? [] });
        foreach (var program in result.Programs)
        {
            logger.LogInformation("compiled {Program} ({Section}): {Instructions} instructions, {Stack} bytes of stack", program.Name, program.SectionName, program.InstructionCount, program.StackSize);
        }

        return new ObjectImage(Path.GetFileNameWithoutExtension(path), result.Object, path);
    }
}
