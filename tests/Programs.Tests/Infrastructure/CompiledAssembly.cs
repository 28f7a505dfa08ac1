using TraitsBpf.Compiler;
using TraitsBpf.Loader;

namespace TraitsBpf.Programs.Tests.Infrastructure;

/// <summary>
/// Compiles programs from a .NET assembly with our compiler and loads them into this machine's
/// kernel through libbpf, so tests run them with BPF_PROG_TEST_RUN.
/// </summary>
public sealed class CompiledAssembly : IDisposable
{
    private readonly BpfObject bpf;

    public CompiledAssembly(string assemblyPath, params string[] programs)
    {
        Result = BpfCompiler.Compile(assemblyPath, new CompilerOptions { Programs = programs });
        bpf = BpfObject.OpenMemory(Result.Object, Path.GetFileNameWithoutExtension(assemblyPath));
        bpf.Load();
    }

    public CompilationResult Result { get; }

    public BpfProgram Program(string name) => bpf.Program(name);

    public void Dispose() => bpf.Dispose();
}
