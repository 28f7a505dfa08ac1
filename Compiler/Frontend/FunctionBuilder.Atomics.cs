using TraitsBpf.Compiler.Il;
using TraitsBpf.Compiler.Ir;

namespace TraitsBpf.Compiler.Frontend;

/// <summary>
/// <c>Interlocked</c> on map values, globals and the stack becomes BPF atomic instructions.
/// </summary>
internal sealed partial class FunctionBuilder
{
    /// <summary>
    /// One atomic <paramref name="op"/> on the integer argument 0 points at. The operand is
    /// <paramref name="constantOperand"/> or argument 1 (argument 2 is CompareExchange's
    /// comparand); when <paramref name="returnsNewValue"/>, the operand is added to the fetched
    /// old value, as Increment, Decrement and Add return the new one.
    /// </summary>
    internal void LowerAtomic(AtomicOp op, long? constantOperand, bool returnsNewValue, MethodDesc method, List<StackEntry> arguments)
    {
        var target = method.Parameters[0].Element!.Underlying;
        int size = target.Size;
        if (size is not (4 or 8) || !target.IsInteger)
        {
            throw Error($"'Interlocked.{method.Name}' on a {target.Name}: BPF atomics work on 32- and 64-bit integers");
        }

        var address = arguments[0].Value;
        if (address.Kind is ValueKind.Packet or ValueKind.Meta or ValueKind.Ctx)
        {
            throw Error($"'Interlocked.{method.Name}' works on map values, globals and the stack, not on packet data or the context");
        }

        var width = size == 8 ? IrType.I64 : IrType.I32;
        Value Operand() => constantOperand is { } c ? new Constant(c, width) : Widen(arguments[1].Value, width, target.IsSigned);
        var operand = Operand();
        Value? comparand = op == AtomicOp.CompareExchange ? Widen(arguments[2].Value, width, target.IsSigned) : null;
        var addBack = returnsNewValue ? Operand() : null;
        Value old = Emit(new AtomicInstruction(op, address, 0, size, operand, comparand));
        var result = addBack is null ? old : MakeBinary(BinaryOp.Add, old, addBack, width, ValueKind.Scalar);
        if (method.ReturnType.Kind != TypeKind.Void)
        {
            Push(result, method.ReturnType);
        }
    }
}
