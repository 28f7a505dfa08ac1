using TraitsBpf.Compiler;
using TraitsBpf.Loader;
using TraitsBpf.TestSupport.Kernel;

namespace TraitsBpf.Programs.Tests.Infrastructure;

/// <summary>
/// Compiles programs from a .NET assembly with our compiler and loads them into this machine's
/// kernel through libbpf, so tests run them with BPF_PROG_TEST_RUN.
/// </summary>
public sealed class CompiledAssembly : IDisposable
{
    private readonly BpfObject bpf;

    public CompiledAssembly(string assemblyPath, params string[] programs)
        : this(assemblyPath, programs, _ => { })
    {
    }

    /// <summary>Compiles and loads, letting <paramref name="beforeLoad"/> set .rodata constants first.</summary>
    public CompiledAssembly(string assemblyPath, string[] programs, Action<BpfObject> beforeLoad)
    {
        Result = BpfCompiler.Compile(assemblyPath, new CompilerOptions { Programs = programs });
        bpf = KernelObjects.Load(Result.Object, Path.GetFileNameWithoutExtension(assemblyPath), beforeLoad);
    }

    public CompilationResult Result { get; }

    public BpfProgram Program(string name) => bpf.Program(name);

    public BpfMap Map(string name) => bpf.Map(name);

    /// <summary>The loaded object, for reading its global variables.</summary>
    public BpfObject Object => bpf;

    /// <summary>A map value as a number: the sum over CPUs for per-CPU maps.</summary>
    public ulong ReadUInt64(string map, uint key)
    {
        var m = bpf.Map(name: map);
        var value = new byte[m.ValueBufferSize];
        Assert.True(m.Lookup(BitConverter.GetBytes(key), value), $"map {map} has no key {key}");
        ulong sum = 0;
        int stride = (m.ValueSize + 7) & ~7;
        for (int offset = 0; offset + 8 <= value.Length; offset += m.IsPerCpu ? stride : value.Length)
        {
            sum += BitConverter.ToUInt64(value, offset);
        }

        return sum;
    }

    public void Dispose() => bpf.Dispose();
}
