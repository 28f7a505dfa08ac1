namespace TraitsBpf.Compiler;

/// <summary>The output of a compilation: an ELF object and what is in it.</summary>
/// <param name="Object">The BPF ELF object bytes, loadable by libbpf, bpftool and iproute2.</param>
/// <param name="Programs">The programs in it, in the order they were found.</param>
/// <param name="Subprograms">Symbols of the subprograms in <c>.text</c>.</param>
public sealed record CompilationResult(byte[] Object, IReadOnlyList<CompiledProgram> Programs, IReadOnlyList<string> Subprograms)
{
    /// <summary>The maps, in the order they were first used.</summary>
    public IReadOnlyList<CompiledMap> Maps { get; init; } = [];

    /// <summary>The globals that come from static fields (not string literals nor trait keys), in the order they were first used.</summary>
    public IReadOnlyList<CompiledGlobal> Globals { get; init; } = [];
}
