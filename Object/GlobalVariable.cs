using TraitsBpf.Object.Btf;

namespace TraitsBpf.Object;

/// <summary>A global variable in <c>.data</c>, <c>.bss</c> or <c>.rodata</c>.</summary>
/// <param name="Name">Symbol and BTF VAR name.</param>
/// <param name="Section">The section it lives in.</param>
/// <param name="Type">Its BTF type, written as given; C declares .rodata variables <c>const volatile</c> so that the verifier and skeletons treat them as load-time constants.</param>
/// <param name="InitialValue">Its initial bytes; length is its size (all zero for .bss).</param>
/// <param name="Alignment">Alignment in bytes (1, 2, 4 or 8).</param>
public sealed record GlobalVariable(string Name, DataSectionKind Section, BtfType Type, byte[] InitialValue, int Alignment);
