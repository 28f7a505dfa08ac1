using TraitsBpf.Compiler.Il;
using TraitsBpf.Compiler.Ir;
using TraitsBpf.Compiler.Ir.Ssa;

namespace TraitsBpf.Compiler.Frontend;

/// <summary>
/// System.Math and BitOperations on integers, which BPF has no instructions for: minimum,
/// maximum, absolute value and clamp become a compare and a phi, population count the usual
/// SWAR sequence.
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
