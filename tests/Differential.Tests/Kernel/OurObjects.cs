using System.Collections.Concurrent;
using TraitsBpf.Compiler;
using TraitsBpf.Differential.Tests.Samples;

namespace TraitsBpf.Differential.Tests.Kernel;

/// <summary>
/// Our compiler's objects for the samples: one per sample class, holding all of its programs
/// (they share maps, and tail calls need their targets in the same object). Compiled once per run.
/// </summary>
public static class OurObjects
{
    private static readonly ConcurrentDictionary<Type, byte[]> Objects = new();

    /// <summary>The object holding <paramref name="program"/> and its siblings.</summary>
    public static byte[] For(SampleProgram program) =>
        Objects.GetOrAdd(program.SampleClass, _ => BpfCompiler.Compile(
            SampleCatalog.AssemblyPath,
            new CompilerOptions { Programs = [.. SampleCatalog.Siblings(program).Select(p => p.Name)] }).Object);
}
