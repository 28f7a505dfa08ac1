namespace TraitsBpf.Compiler.Ir;

/// <summary>
/// The address of a subprogram, as a callback helper (bpf_loop) takes it: a 64-bit immediate load
/// relocated against <c>.text</c>, which libbpf marks <c>BPF_PSEUDO_FUNC</c>.
/// </summary>
internal sealed class FunctionAddressInstruction(IrFunction callee) : Instruction(IrType.I64, ValueKind.Unknown)
{
    public IrFunction Callee { get; } = callee;

    protected override string Describe() => $"function {Callee.Name}";
}
