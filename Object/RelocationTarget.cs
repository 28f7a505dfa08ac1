namespace TraitsBpf.Object;

/// <summary>
/// What a <see cref="CodeRelocation"/> refers to. The writer sets the relocated instruction's
/// src_reg and immediates to what clang leaves there for libbpf; whatever an earlier stage put
/// in those fields is overwritten.
/// </summary>
public abstract record RelocationTarget;

/// <summary>A 64-bit immediate load of a map's address (<c>ld_imm64 rX, map</c>): R_BPF_64_64 against the map's symbol, src_reg 0, imm 0.</summary>
public sealed record MapReference(string MapName) : RelocationTarget;

/// <summary>
/// A 64-bit immediate load of a global variable's address plus a byte offset into it:
/// R_BPF_64_64 against the variable's symbol, src_reg 0, imm = <paramref name="Offset"/>.
/// </summary>
public sealed record GlobalReference(string VariableName, int Offset = 0) : RelocationTarget;

/// <summary>
/// A BPF-to-BPF call to a function in <c>.text</c> (src_reg 1). Like clang: a global target gets
/// R_BPF_64_32 against its symbol and imm -1; a static target in another section gets R_BPF_64_32
/// against the .text section symbol and imm = its instruction index - 1; a static target in the
/// same section gets the pc-relative imm and no ELF relocation.
/// </summary>
public sealed record SubprogramCall(string FunctionName) : RelocationTarget;

/// <summary>
/// A kfunc call to an extern in <c>.ksyms</c>: R_BPF_64_32 against the undefined symbol, written
/// as clang writes it (src_reg 1, imm -1); libbpf turns it into src_reg 2 with the kernel's BTF id.
/// </summary>
public sealed record KfuncCall(string FunctionName) : RelocationTarget;

/// <summary>
/// A 64-bit immediate load of a static subprogram's address, as a callback helper such as bpf_loop takes
/// it: relocated against the subprogram's section with the byte offset in the immediate, as clang does.
/// </summary>
public sealed record SubprogramAddress(string FunctionName) : RelocationTarget;
