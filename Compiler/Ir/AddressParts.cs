namespace TraitsBpf.Compiler.Ir;

/// <summary>An address as the pointer it was computed from plus the constant offsets added to it.</summary>
internal static class AddressParts
{
    /// <summary>The root pointer of <paramref name="address"/> and the sum of the constants added to or subtracted from it.</summary>
    public static (Value Root, long Offset) Split(Value address)
    {
        long offset = 0;
        while (address is BinaryInstruction { Op: BinaryOp.Add or BinaryOp.Sub, Right: Constant c } add && add.Kind != ValueKind.Scalar)
        {
            offset += add.Op == BinaryOp.Add ? c.Value : -c.Value;
            address = add.Left;
        }

        return (address, offset);
    }
}
