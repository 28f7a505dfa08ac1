using TraitsBpf.Object.Btf;

namespace TraitsBpf.Object;

/// <summary>
/// Everything that goes into one BPF ELF object: code sections, maps, global variables,
/// kfunc externs and the license. This is a pure description; <see cref="ObjectWriter"/>
/// turns it into bytes that libbpf, bpftool and iproute2 load, and refuses with
/// <see cref="InvalidObjectModelException"/> a model they would not.
/// </summary>
public sealed class ObjectModel
{
    /// <summary>The <c>license</c> section's string. kfuncs and many helpers need "GPL".</summary>
    public string License { get; init; } = "GPL";

    /// <summary>Executable sections: one per program ("xdp", "tc", "socket") and ".text" for subprograms.</summary>
    public List<CodeSection> Sections { get; } = [];

    /// <summary>BTF-defined maps, written to <c>.maps</c>.</summary>
    public List<MapDefinition> Maps { get; } = [];

    /// <summary>Global variables, written to <c>.data</c>, <c>.bss</c> or <c>.rodata</c>.</summary>
    public List<GlobalVariable> Globals { get; } = [];

    /// <summary>
    /// Kernel functions the code may call, written as externs in the <c>.ksyms</c> datasec. As with
    /// clang, only those a <see cref="KfuncCall"/> uses are written: libbpf fails a load when an
    /// extern is missing from the kernel, even an unused one.
    /// </summary>
    public List<ExternFunction> Kfuncs { get; } = [];

    /// <summary>Sections for tools rather than the kernel, written after .BTF.ext.</summary>
    public List<NoteSection> Notes { get; } = [];
}
