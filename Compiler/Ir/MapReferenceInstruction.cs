namespace TraitsBpf.Compiler.Ir;

/// <summary>A map, as helpers take it (a 64-bit immediate load libbpf points at the map).</summary>
internal sealed class MapReferenceInstruction(IrMap map) : Instruction(IrType.I64, ValueKind.Map)
{
    public IrMap Map { get; } = map;

    protected override string Describe() => $"map {Map.Name}";
}
