namespace TraitsBpf.Compiler.Object;

/// <summary>What a <see cref="CodeRelocation"/> refers to.</summary>
public abstract record RelocationTarget;

/// <summary>A 64-bit immediate load of a map's address (<c>ld_imm64 rX, map</c>, R_BPF_64_64).</summary>
public sealed record MapReference(string MapName) : RelocationTarget;

/// <summary>A 64-bit immediate load of a global variable's address (R_BPF_64_64), plus a byte offset into it.</summary>
public sealed record GlobalReference(string VariableName, int Offset = 0) : RelocationTarget;

/// <summary>A BPF-to-BPF call (<c>call</c> with src_reg 1) to a function in <c>.text</c> (R_BPF_64_32).</summary>
public sealed record SubprogramCall(string FunctionName) : RelocationTarget;

/// <summary>A kfunc call (<c>call</c> with src_reg 2) to an extern in <c>.ksyms</c> (R_BPF_64_32).</summary>
public sealed record KfuncCall(string FunctionName) : RelocationTarget;
