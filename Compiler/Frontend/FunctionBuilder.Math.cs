using TraitsBpf.Compiler.Il;
using TraitsBpf.Compiler.Ir;
using TraitsBpf.Compiler.Ir.Ssa;

namespace TraitsBpf.Compiler.Frontend;

/// <summary>
/// System.Math and BitOperations on integers, which BPF has no instructions for: minimum,
/// maximum, absolute value and clamp become a compare and a phi, sign two shifts, population
/// count the usual SWAR sequence, and the other bit counts population counts of a mask made
/// without loops (so the verifier sees straight-line code).
/// </summary>
internal sealed partial class FunctionBuilder
{
    internal void LowerMin(MethodDesc method, List<StackEntry> arguments)
    {
        var (less, width, arg) = MathOperands(method, arguments);
        Push(Select(less, arg(0), arg(1), width, arg(0), arg(1)), method.ReturnType);
    }

    internal void LowerMax(MethodDesc method, List<StackEntry> arguments)
    {
        var (less, width, arg) = MathOperands(method, arguments);
        Push(Select(less, arg(0), arg(1), width, arg(1), arg(0)), method.ReturnType);
    }

    internal void LowerClamp(MethodDesc method, List<StackEntry> arguments)
    {
        var (less, width, arg) = MathOperands(method, arguments);
        var low = Select(less, arg(0), arg(1), width, arg(1), arg(0));
        Push(Select(less, arg(2), low, width, arg(2), low), method.ReturnType);
    }

    /// <summary>C# throws for MinValue; like the kernel's integer rules, compiled code wraps.</summary>
    internal void LowerAbs(MethodDesc method, List<StackEntry> arguments)
    {
        var (_, width, arg) = MathOperands(method, arguments);
        var value = arg(0);
        var negated = Emit(new UnaryInstruction(UnaryOp.Neg, value, width));
        Push(Normalize(Select(Condition.Lt, value, new Constant(0, width), width, negated, value), method.Parameters[0]), method.ReturnType);
    }

    internal void LowerPopCount(MethodDesc method, List<StackEntry> arguments)
    {
        var value = Widen(arguments[0].Value, IrType.I64, false);
        Push(Widen(PopCount(value, method.Parameters[0].Size * 8), IrType.I32, false), method.ReturnType);
    }

    /// <summary><c>Math.Sign</c> on a signed integer: -1, 0 or 1 from the sign bits of the value and of its negation (MinValue's negation is itself, still negative).</summary>
    internal void LowerSign(MethodDesc method, List<StackEntry> arguments)
    {
        const IrType T = IrType.I64;
        var value = Widen(Normalize(arguments[0].Value, method.Parameters[0]), T, true);
        var negative = MakeBinary(BinaryOp.Shr, value, new Constant(63, T), T, ValueKind.Scalar);
        var positive = MakeBinary(BinaryOp.ShrUn, Negate(value), new Constant(63, T), T, ValueKind.Scalar);
        Push(Widen(MakeBinary(BinaryOp.Or, negative, positive, T, ValueKind.Scalar), IrType.I32, true), method.ReturnType);
    }

    /// <summary>
    /// <c>BitOperations.RotateLeft/RotateRight</c>: two shifts and an or. Shift counts are taken
    /// modulo the width (as the IR's shifts do), so a rotation by 0 or by the width is the value.
    /// </summary>
    internal void LowerRotate(bool left, MethodDesc method, List<StackEntry> arguments)
    {
        var width = IrTypeOf(method.Parameters[0]);
        var value = Normalize(arguments[0].Value, method.Parameters[0]);
        int bits = width == IrType.I64 ? 64 : 32;
        var count = Widen(arguments[1].Value, width, true);
        if (count is Constant c)
        {
            long k = c.Value & (bits - 1);
            if (k == 0)
            {
                Push(value, method.ReturnType);
                return;
            }

            count = new Constant(k, width);
        }

        var opposite = count is Constant known
            ? new Constant(bits - known.Value, width)
            : MakeBinary(BinaryOp.Sub, new Constant(0, width), count, width, ValueKind.Scalar);
        var high = MakeBinary(BinaryOp.Shl, value, left ? count : opposite, width, ValueKind.Scalar);
        var low = MakeBinary(BinaryOp.ShrUn, value, left ? opposite : count, width, ValueKind.Scalar);
        Push(MakeBinary(BinaryOp.Or, high, low, width, ValueKind.Scalar), method.ReturnType);
    }

    /// <summary><c>BitOperations.TrailingZeroCount</c>: the bits below the lowest set bit, counted; all of them for 0, as in C#.</summary>
    internal void LowerTrailingZeroCount(MethodDesc method, List<StackEntry> arguments)
    {
        const IrType T = IrType.I64;
        int bits = method.Parameters[0].Size * 8;
        var value = Widen(arguments[0].Value, T, false);
        var lowest = MakeBinary(BinaryOp.And, value, Negate(value), T, ValueKind.Scalar);
        var below = MakeBinary(BinaryOp.Sub, lowest, new Constant(1, T), T, ValueKind.Scalar);
        Push(Widen(PopCount(below, bits), IrType.I32, false), method.ReturnType);
    }

    /// <summary><c>BitOperations.LeadingZeroCount</c>: the width for 0, as in C#.</summary>
    internal void LowerLeadingZeroCount(MethodDesc method, List<StackEntry> arguments)
    {
        int bits = method.Parameters[0].Size * 8;
        Push(Widen(LeadingZeroCount(Widen(arguments[0].Value, IrType.I64, false), bits), IrType.I32, false), method.ReturnType);
    }

    /// <summary><c>BitOperations.Log2</c>: the index of the highest set bit, and 0 for 0 as in C# (the value is or-ed with 1 first).</summary>
    internal void LowerLog2(MethodDesc method, List<StackEntry> arguments)
    {
        const IrType T = IrType.I64;
        int bits = method.Parameters[0].Size * 8;
        var value = MakeBinary(BinaryOp.Or, Widen(arguments[0].Value, T, false), new Constant(1, T), T, ValueKind.Scalar);
        var log = MakeBinary(BinaryOp.Sub, new Constant(bits - 1, T), LeadingZeroCount(value, bits), T, ValueKind.Scalar);
        Push(Widen(log, IrType.I32, false), method.ReturnType);
    }

    /// <summary>Leading zeros of the low <paramref name="bits"/> bits of an I64 value: every bit below the highest set one is set, then the set bits are counted.</summary>
    private Value LeadingZeroCount(Value value, int bits)
    {
        const IrType T = IrType.I64;
        if (bits < 64)
        {
            value = MakeBinary(BinaryOp.And, value, new Constant((1L << bits) - 1, T), T, ValueKind.Scalar);
        }

        for (int shift = 1; shift < bits; shift *= 2)
        {
            value = MakeBinary(BinaryOp.Or, value, MakeBinary(BinaryOp.ShrUn, value, new Constant(shift, T), T, ValueKind.Scalar), T, ValueKind.Scalar);
        }

        return MakeBinary(BinaryOp.Sub, new Constant(bits, T), PopCount(value, bits), T, ValueKind.Scalar);
    }

    private Value Negate(Value value) =>
        value is Constant c
            ? new Constant(ConstantEvaluator.Evaluate(UnaryOp.Neg, c.Value, c.Type), c.Type)
            : Emit(new UnaryInstruction(UnaryOp.Neg, value, value.Type));

    /// <summary>The comparison, width and argument reader (normalized to the parameter type) of a Math method.</summary>
    private (Condition Less, IrType Width, Func<int, Value> Arg) MathOperands(MethodDesc method, List<StackEntry> arguments)
    {
        var operandType = method.Parameters[0];
        return (operandType.IsSigned ? Condition.Lt : Condition.LtU, IrTypeOf(operandType), i => Normalize(arguments[i].Value, operandType));
    }

    /// <summary><c>left cond right ? ifTrue : ifFalse</c> as a branch and a phi.</summary>
    private Value Select(Condition condition, Value left, Value right, IrType width, Value ifTrue, Value ifFalse)
    {
        if (left is Constant a && right is Constant b)
        {
            return condition.Evaluate(a.Value, b.Value, width) ? ifTrue : ifFalse;
        }

        var result = new SsaVariable("select", ifTrue.Type, ifTrue.Kind);
        var whenTrue = function.NewBlock();
        var whenFalse = function.NewBlock();
        var join = function.NewBlock();
        Terminate(new BranchTerminator(condition, left, right, width, whenTrue, whenFalse));
        foreach (var (block, value) in new[] { (whenTrue, ifTrue), (whenFalse, ifFalse) })
        {
            current = block;
            ssa.Seal(block);
            ssa.Write(result, block, value);
            Jump(join);
        }

        current = join;
        ssa.Seal(join);
        return ssa.Read(result, join);
    }

    /// <summary>Bits set in the low <paramref name="bits"/> bits of an I64 value, by the SWAR method.</summary>
    private Value PopCount(Value value, int bits)
    {
        const IrType T = IrType.I64;
        Value Op(BinaryOp op, Value l, long r) => MakeBinary(op, l, new Constant(r, T), T, ValueKind.Scalar);
        Value Op2(BinaryOp op, Value l, Value r) => MakeBinary(op, l, r, T, ValueKind.Scalar);
        if (bits < 64)
        {
            value = Op(BinaryOp.And, value, (1L << bits) - 1);
        }

        var x = Op2(BinaryOp.Sub, value, Op(BinaryOp.And, Op(BinaryOp.ShrUn, value, 1), 0x5555555555555555));
        x = Op2(BinaryOp.Add, Op(BinaryOp.And, x, 0x3333333333333333), Op(BinaryOp.And, Op(BinaryOp.ShrUn, x, 2), 0x3333333333333333));
        x = Op(BinaryOp.And, Op2(BinaryOp.Add, x, Op(BinaryOp.ShrUn, x, 4)), 0x0F0F0F0F0F0F0F0F);
        return Op(BinaryOp.ShrUn, Op(BinaryOp.Mul, x, 0x0101010101010101), 56);
    }
}
