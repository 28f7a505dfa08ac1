using TraitsBpf.Compiler.Ir;

namespace TraitsBpf.Compiler.Passes;

/// <summary>
/// Gives pointers of unknown kind the kind their operands now show. The frontend fixes a value's
/// kind when it reads the IL; a pointer that went through a struct field or an <c>out</c>
/// parameter is a load of unknown kind then, and so is everything computed from it. Once
/// <see cref="StackSlotPromotion"/> has replaced such loads by the stored values, the frontend's
/// own rules apply again: a pointer plus or minus a number keeps the pointer's kind, and a phi
/// whose operands agree (null aside) has theirs. Passes that choose by kind, such as
/// <see cref="CopyWidening"/>, then see packet pointers as such.
/// </summary>
internal sealed class PointerKindRefinement : IPass
{
    public bool Run(IrFunction function)
    {
        bool changed = false;
        bool progress = true;
        while (progress)
        {
            progress = false;
            foreach (var instruction in function.AllInstructions.Where(i => i.Kind == ValueKind.Unknown))
            {
                var kind = instruction switch
                {
                    BinaryInstruction { Op: BinaryOp.Add } add => Offset(add.Left, add.Right) ?? Offset(add.Right, add.Left),
                    BinaryInstruction { Op: BinaryOp.Sub } sub => Offset(sub.Left, sub.Right),
                    PhiInstruction phi => Joined(phi),
                    _ => null,
                };
                if (kind is { } known)
                {
                    instruction.Kind = known;
                    progress = changed = true;
                }
            }
        }

        return changed;
    }

    private static ValueKind? Offset(Value pointer, Value number) =>
        number.Kind == ValueKind.Scalar && IsMemory(pointer.Kind) ? pointer.Kind : null;

    private static ValueKind? Joined(PhiInstruction phi)
    {
        var kinds = phi.Operands.Where(o => o != phi && o is not Constant { Value: 0 }).Select(o => o.Kind).Distinct().ToList();
        return kinds is [var kind] && IsMemory(kind) ? kind : null;
    }

    private static bool IsMemory(ValueKind kind) => kind is ValueKind.Packet or ValueKind.Meta or ValueKind.MapValue or ValueKind.Stack;
}
