using TraitsBpf.Compiler.Il;
using TraitsBpf.Compiler.Ir;

namespace TraitsBpf.Compiler.Frontend;

/// <summary>Arithmetic, conversions and comparisons with C# semantics.</summary>
internal sealed partial class FunctionBuilder
{
    private void TranslateBinary()
    {
        if (instruction.Overflow)
        {
            throw Error($"checked arithmetic ('{instruction.Mnemonic}') throws on overflow, which BPF cannot; use unchecked arithmetic");
        }

        var right = Pop();
        var left = Pop();
        var op = instruction.Op switch
        {
            IlOpcode.Add => BinaryOp.Add,
            IlOpcode.Sub => BinaryOp.Sub,
            IlOpcode.Mul => BinaryOp.Mul,
            IlOpcode.Div => BinaryOp.Div,
            IlOpcode.DivUn => BinaryOp.DivUn,
            IlOpcode.Rem => BinaryOp.Rem,
            IlOpcode.RemUn => BinaryOp.RemUn,
            IlOpcode.And => BinaryOp.And,
            IlOpcode.Or => BinaryOp.Or,
            IlOpcode.Xor => BinaryOp.Xor,
            IlOpcode.Shl => BinaryOp.Shl,
            IlOpcode.Shr => BinaryOp.Shr,
            _ => BinaryOp.ShrUn,
        };

        if (op is BinaryOp.Shl or BinaryOp.Shr or BinaryOp.ShrUn)
        {
            // The result has the shifted value's width; the count is masked to it, as C# does.
            var width = left.Value.Type;
            var count = Widen(right.Value, width, false);
            Push(MakeBinary(op, left.Value, count, width, ValueKind.Scalar), left.Type);
            return;
        }

        var type = left.Value.Type == IrType.I64 || right.Value.Type == IrType.I64 ? IrType.I64 : IrType.I32;
        var a = Widen(left.Value, type, true);
        var b = Widen(right.Value, type, true);
        if (TryMoveKernelElement(op, left with { Value = a }, right with { Value = b }))
        {
            return;
        }

        var kind = PointerArithmeticKind(op, a, b);
        TypeDesc resultType = kind != ValueKind.Scalar
            ? (left.Value.IsPointer ? left.Type : right.Type)
            : type == IrType.I32 ? types.Int32 : left.Type.Underlying.Kind is TypeKind.Int64 or TypeKind.UInt64 ? left.Type : types.IntPtr;
        Push(MakeBinary(op, a, b, type, kind), resultType);
    }

    /// <summary>
    /// A pointer plus or minus a number is still a pointer into the same memory; anything else
    /// done to a pointer (multiplying it, subtracting two pointers) gives a number.
    /// </summary>
    private ValueKind PointerArithmeticKind(BinaryOp op, Value a, Value b)
    {
        bool aPointer = a.IsPointer;
        bool bPointer = b.IsPointer;
        if (op == BinaryOp.Add && aPointer != bPointer)
        {
            var pointer = aPointer ? a : b;
            CheckPointerArithmetic(pointer);
            return pointer.Kind;
        }

        if (op == BinaryOp.Sub && aPointer && !bPointer)
        {
            CheckPointerArithmetic(a);
            return a.Kind;
        }

        if (a.Kind == ValueKind.Ctx || b.Kind == ValueKind.Ctx)
        {
            throw Error("arithmetic on the program context is not allowed; use its properties");
        }

        return ValueKind.Scalar;
    }

    private void CheckPointerArithmetic(Value pointer)
    {
        if (pointer.Kind == ValueKind.Ctx)
        {
            throw Error("arithmetic on the program context is not allowed; use its properties");
        }

        if (pointer.Kind == ValueKind.PacketEnd)
        {
            throw Error("ctx.DataEnd marks the end of the packet: compare pointers against it, but do not move it");
        }
    }

    private void TranslateUnary()
    {
        var operand = Pop();
        var op = instruction.Op == IlOpcode.Neg ? UnaryOp.Neg : UnaryOp.Not;
        if (operand.Value is Constant c)
        {
            Push(new Constant(ConstantEvaluator.Evaluate(op, c.Value, c.Type), c.Type), operand.Type);
            return;
        }

        Push(Emit(new UnaryInstruction(op, operand.Value, operand.Value.Type)), operand.Type);
    }

    private void TranslateConversion()
    {
        if (instruction.Overflow)
        {
            throw Error($"checked conversion ('{instruction.Mnemonic}') throws on overflow, which BPF cannot; use an unchecked cast");
        }

        var operand = Pop();
        var value = operand.Value;
        switch (instruction.Kind)
        {
            case IlValueKind.I1:
                Push(MakeConvert(ConvertOp.SignExtend8, value), types.SByte);
                break;
            case IlValueKind.U1:
                Push(MakeConvert(ConvertOp.ZeroExtend8, value), types.Byte);
                break;
            case IlValueKind.I2:
                Push(MakeConvert(ConvertOp.SignExtend16, value), types.Int16);
                break;
            case IlValueKind.U2:
                Push(MakeConvert(ConvertOp.ZeroExtend16, value), types.UInt16);
                break;
            case IlValueKind.I4:
                Push(Widen(value, IrType.I32, true), types.Int32);
                break;
            case IlValueKind.U4:
                Push(Widen(value, IrType.I32, false), types.UInt32);
                break;
            case IlValueKind.I8:
                Push(Widen(value, IrType.I64, true), types.Int64);
                break;
            case IlValueKind.U8:
                Push(Widen(value, IrType.I64, false), types.UInt64);
                break;
            case IlValueKind.I:
                Push(Widen(value, IrType.I64, true), value.IsPointer ? operand.Type : types.IntPtr);
                break;
            case IlValueKind.U:
                Push(Widen(value, IrType.I64, false), value.IsPointer ? operand.Type : types.UIntPtr);
                break;
            default:
                throw Error($"'{instruction.Mnemonic}' converts to floating point: BPF has no floating point");
        }
    }

    private void TranslateComparison()
    {
        var right = Pop();
        var left = Pop();
        var condition = instruction.Op switch
        {
            IlOpcode.Ceq => Condition.Eq,
            IlOpcode.Cgt => Condition.Gt,
            IlOpcode.CgtUn => Condition.GtU,
            IlOpcode.Clt => Condition.Lt,
            _ => Condition.LtU,
        };
        var (a, b, width) = CompareOperands(left.Value, right.Value);
        condition = CanonicalPointerTest(condition, a, b);
        if (a is Constant x && b is Constant y)
        {
            Push(new Constant(condition.Evaluate(x.Value, y.Value, width) ? 1 : 0, IrType.I32), types.Boolean);
            return;
        }

        Push(Emit(new CompareInstruction(condition, a, b, width)), types.Boolean);
    }

    private (Value Left, Value Right, IrType Width) CompareOperands(Value left, Value right)
    {
        var width = left.Type == IrType.I64 || right.Type == IrType.I64 ? IrType.I64 : IrType.I32;
        return (Widen(left, width, true), Widen(right, width, true), width);
    }

    /// <summary>
    /// C# tests a pointer against null with unsigned comparisons (<c>p != null</c> becomes
    /// <c>cgt.un p, 0</c>); the verifier understands only equality tests of pointers against 0.
    /// </summary>
    private static Condition CanonicalPointerTest(Condition condition, Value left, Value right)
    {
        if (right is Constant { Value: 0 } && left.IsPointer)
        {
            return condition switch
            {
                Condition.GtU => Condition.Ne,
                Condition.LeU => Condition.Eq,
                _ => condition,
            };
        }

        if (left is Constant { Value: 0 } && right.IsPointer)
        {
            return condition switch
            {
                Condition.LtU => Condition.Ne,
                Condition.GeU => Condition.Eq,
                _ => condition,
            };
        }

        return condition;
    }
}
