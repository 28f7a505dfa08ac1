using TraitsBpf.Compiler.Il;
using TraitsBpf.Compiler.Ir;

namespace TraitsBpf.Compiler.Frontend;

/// <summary>Creating values: arithmetic with constant folding, width changes, C#'s small-type normalization.</summary>
internal sealed partial class FunctionBuilder
{
    private Value MakeBinary(BinaryOp op, Value left, Value right, IrType type, ValueKind kind)
    {
        if (left is Constant a && right is Constant b && kind == ValueKind.Scalar)
        {
            return new Constant(ConstantEvaluator.Evaluate(op, a.Value, b.Value, type), type);
        }

        return Emit(new BinaryInstruction(op, left, right, type, kind));
    }

    private Value MakeConvert(ConvertOp op, Value operand)
    {
        if (operand is Constant c)
        {
            var type = op is ConvertOp.SignExtend32 or ConvertOp.ZeroExtend32 ? IrType.I64 : IrType.I32;
            return new Constant(ConstantEvaluator.Evaluate(op, c.Value), type);
        }

        return Emit(new ConvertInstruction(op, operand));
    }

    /// <summary>
    /// <paramref name="value"/> at <paramref name="type"/>. Narrowing keeps the low bits; widening
    /// sign- or zero-extends. Pointers are already 64-bit and keep their kind.
    /// </summary>
    private Value Widen(Value value, IrType type, bool signed)
    {
        if (value.Type == type)
        {
            return value;
        }

        if (type == IrType.I32)
        {
            return MakeConvert(ConvertOp.Truncate, value);
        }

        return MakeConvert(signed ? ConvertOp.SignExtend32 : ConvertOp.ZeroExtend32, value);
    }

    /// <summary>
    /// The value as a variable of <paramref name="type"/> holds it: CIL stores to a short, byte
    /// or char location truncate, and loads extend by the location's signedness.
    /// </summary>
    private Value Normalize(Value value, TypeDesc type)
    {
        var underlying = type.Underlying;
        return underlying.Kind switch
        {
            TypeKind.SByte => MakeConvert(ConvertOp.SignExtend8, value),
            TypeKind.Byte => MakeConvert(ConvertOp.ZeroExtend8, value),
            TypeKind.Int16 => MakeConvert(ConvertOp.SignExtend16, value),
            TypeKind.UInt16 or TypeKind.Char => MakeConvert(ConvertOp.ZeroExtend16, value),
            TypeKind.Boolean or TypeKind.Int32 or TypeKind.UInt32 => Widen(value, IrType.I32, true),
            _ => Widen(value, IrTypeOf(underlying), !IsUnsigned(underlying)),
        };
    }

    private static bool IsUnsigned(TypeDesc type) =>
        type.Underlying.Kind is TypeKind.Byte or TypeKind.UInt16 or TypeKind.Char or TypeKind.UInt32 or TypeKind.UInt64
            or TypeKind.UIntPtr or TypeKind.Boolean or TypeKind.Pointer or TypeKind.ByRef;

    private Value AddOffset(Value address, int offset)
    {
        if (offset == 0)
        {
            return address;
        }

        return MakeBinary(BinaryOp.Add, address, new Constant(offset, IrType.I64), IrType.I64, address.Kind);
    }

    private void LoadArgument(int index)
    {
        var type = frame.Method.ArgumentType(index, types);
        if (frame.ArgumentVariables[index] is { } variable)
        {
            Push(ssa.Read(variable, current), type);
        }
        else
        {
            PushFromMemory(frame.ArgumentHomes[index]!, type);
        }
    }

    private void StoreArgument(int index)
    {
        var type = frame.Method.ArgumentType(index, types);
        var value = Pop();
        if (frame.ArgumentVariables[index] is { } variable)
        {
            ssa.Write(variable, current, Normalize(value.Value, type));
        }
        else
        {
            StoreToMemory(frame.ArgumentHomes[index]!, type, value);
        }
    }

    private void LoadLocal(int index)
    {
        var type = frame.Body.Locals[index];
        if (frame.LocalVariables[index] is { } variable)
        {
            Push(ssa.Read(variable, current), type);
        }
        else
        {
            PushFromMemory(frame.LocalHomes[index]!, type);
        }
    }

    private void StoreLocal(int index)
    {
        var type = frame.Body.Locals[index];
        var value = Pop();
        if (frame.LocalVariables[index] is { } variable)
        {
            ssa.Write(variable, current, Normalize(value.Value, type));
        }
        else
        {
            StoreToMemory(frame.LocalHomes[index]!, type, value);
        }
    }

    private void PushFromMemory(Value address, TypeDesc type)
    {
        if (type.Kind == TypeKind.Struct)
        {
            PushStructCopy(address, 0, type);
        }
        else
        {
            Push(Load(address, 0, type), type);
        }
    }

    private void StoreToMemory(Value address, TypeDesc type, StackEntry value)
    {
        if (IsSpan(type))
        {
            WriteSpan(address, ReadSpan(value.Value));
        }
        else if (type.Kind == TypeKind.Struct)
        {
            CopyMemory(address, 0, value.Value, 0, type.Size, type.Alignment);
        }
        else
        {
            Store(address, 0, type, value.Value);
        }
    }
}
