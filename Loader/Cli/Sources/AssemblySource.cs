using Microsoft.Extensions.Logging;
using TraitsBpf.Compiler;

namespace TraitsBpf.Cli.Sources;

/// <summary>
/// A .NET assembly with BPF programs in it, compiled to an object on the way in. The assembly is
/// read as data by the compiler; it is never loaded into this process or run.
/// </summary>
public sealed class AssemblySource : IObjectSource
{
    /// <inheritdoc/>
    public string Description => "a .NET assembly with BPF programs";

    /// <inheritdoc/>
    public bool Recognizes(string path, ReadOnlySpan<byte> header) =>
        header.Length >= 2 && header[0] == (byte)'M' && header[1] == (byte)'Z';

    /// <inheritdoc/>
    public ObjectImage Read(string path, ILogger logger)
    {
        var result = BpfCompiler.Compile(path);
        foreach (var program in result.Programs)
        {
            logger.LogInformation("compiled {Program} ({Section}): {Instructions} instructions, {Stack} bytes of stack", program.Name, program.SectionName, program.InstructionCount, program.StackSize);
        }

        return new ObjectImage(Path.GetFileNameWithoutExtension(path), result.Object, path);
    }
}
