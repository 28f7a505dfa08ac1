namespace TraitsBpf.Compiler.Ir;

/// <summary>The address of a global variable (a 64-bit immediate load libbpf points into the section's map).</summary>
internal sealed class GlobalAddressInstruction(IrGlobal global) : Instruction(IrType.I64, ValueKind.MapValue)
{
    public IrGlobal Global { get; } = global;

    protected override string Describe() => $"global {Global.Name}";
}
