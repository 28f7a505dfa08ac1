using TraitsBpf.Compiler.Ir;

namespace TraitsBpf.Compiler.Bpf.Selection;

/// <summary>
/// How a load or store reaches its address: a stack slot at a constant offset from r10, or a
/// pointer value plus a constant in the instruction's 16-bit offset field.
/// </summary>
internal readonly record struct AddressMode(Value? Base, StackSlot? Slot, int Offset)
{
    public static AddressMode Of(Value address, int offset)
    {
        switch (address)
        {
            case StackAddressInstruction s:
                return new AddressMode(null, s.Slot, offset);
            case BinaryInstruction { Op: BinaryOp.Add, Left: StackAddressInstruction s, Right: Constant c } when Fits(c.Value + offset):
                return new AddressMode(null, s.Slot, (int)c.Value + offset);
            case BinaryInstruction { Op: BinaryOp.Add, Type: IrType.I64, Right: Constant c } add
                when add.Left.IsPointer && add.Left.Kind != ValueKind.Ctx && Fits(c.Value + offset):
                return new AddressMode(add.Left, null, (int)c.Value + offset);
            default:
                return new AddressMode(address, null, offset);
        }
    }

    private static bool Fits(long offset) => offset is >= short.MinValue and <= short.MaxValue;
}
