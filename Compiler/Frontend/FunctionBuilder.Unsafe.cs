using TraitsBpf.Compiler.Il;
using TraitsBpf.Compiler.Ir;

namespace TraitsBpf.Compiler.Frontend;

/// <summary>
/// <c>System.Runtime.CompilerServices.Unsafe</c>'s pointer operations, which are plain address
/// arithmetic, loads and stores once references and pointers are both addresses: the pointer's
/// kind (packet, stack, map value) carries through, so the verifier sees what it would in C.
/// </summary>
internal sealed partial class FunctionBuilder
{
    /// <summary><c>Unsafe.Read&lt;T&gt;</c>: a load that may assume T's alignment.</summary>
    internal void LowerUnsafeRead(MethodDesc method, List<StackEntry> arguments) =>
        PushFromMemory(arguments[0].Value, ElementType(method));

    /// <summary><c>Unsafe.Write&lt;T&gt;</c>: a store that may assume T's alignment.</summary>
    internal void LowerUnsafeWrite(MethodDesc method, List<StackEntry> arguments) =>
        StoreToMemory(arguments[0].Value, ElementType(method), arguments[1]);

    /// <summary>
    /// <c>Unsafe.ReadUnaligned&lt;T&gt;</c>: one load when the address is known to be aligned
    /// enough (or the memory does not need it), else bytes copied into an aligned temporary,
    /// since the verifier refuses misaligned stack accesses.
    /// </summary>
    internal void LowerUnsafeReadUnaligned(MethodDesc method, List<StackEntry> arguments) =>
        PushUnaligned(arguments[0].Value, ElementType(method));

    /// <summary>Pushes the <paramref name="type"/> at an address that may be misaligned.</summary>
    private void PushUnaligned(Value address, TypeDesc type)
    {
        if (type.Kind != TypeKind.Struct)
        {
            Push(LoadUnaligned(address, type), type);
            return;
        }

        CheckAddress(address, "read");
        var copy = NewTemporary(type);
        MoveMemory(copy, address, type.Size);
        PushFromMemory(copy, type);
    }

    /// <summary><c>Unsafe.WriteUnaligned&lt;T&gt;</c>, the mirror of <see cref="LowerUnsafeReadUnaligned"/>.</summary>
    internal void LowerUnsafeWriteUnaligned(MethodDesc method, List<StackEntry> arguments)
    {
        var type = ElementType(method);
        var address = arguments[0].Value;
        if (type.Kind != TypeKind.Struct)
        {
            StoreUnaligned(address, type, arguments[1].Value);
            return;
        }

        CheckAddress(address, "write");
        MoveMemory(address, arguments[1].Value, type.Size);
    }

    /// <summary>A scalar at an address that may be misaligned: one load when it is aligned enough, else its bytes through an aligned temporary.</summary>
    private Value LoadUnaligned(Value address, TypeDesc type)
    {
        if (KnownAlignment(address, 0, 1) >= type.Size)
        {
            return Load(address, 0, type);
        }

        CheckAddress(address, "read");
        var copy = NewTemporary(type);
        MoveMemory(copy, address, type.Size);
        return Load(copy, 0, type);
    }

    /// <summary>The mirror of <see cref="LoadUnaligned"/>.</summary>
    private void StoreUnaligned(Value address, TypeDesc type, Value value)
    {
        if (KnownAlignment(address, 0, 1) >= type.Size)
        {
            Store(address, 0, type, value);
            return;
        }

        CheckAddress(address, "write");
        var copy = NewTemporary(type);
        Store(copy, 0, type, value);
        MoveMemory(address, copy, type.Size);
    }

    /// <summary>
    /// <c>Unsafe.Add</c>/<c>Subtract</c> (elements of T) and <c>AddByteOffset</c>/<c>SubtractByteOffset</c>
    /// (bytes): the address moved by the offset, still pointing into the same memory.
    /// </summary>
    internal void LowerUnsafeOffset(bool elements, bool subtract, MethodDesc method, List<StackEntry> arguments)
    {
        var address = arguments[0].Value;
        CheckPointerArithmetic(address);
        var offsetType = method.Parameters[1];
        var offset = Widen(Normalize(arguments[1].Value, offsetType), IrType.I64, !IsUnsigned(offsetType));
        if (elements && ElementType(method).Size != 1)
        {
            offset = MakeBinary(BinaryOp.Mul, offset, new Constant(ElementType(method).Size, IrType.I64), IrType.I64, ValueKind.Scalar);
        }

        var kind = address.IsPointer ? address.Kind : ValueKind.Scalar;
        Push(MakeBinary(subtract ? BinaryOp.Sub : BinaryOp.Add, address, offset, IrType.I64, kind), method.ReturnType);
    }

    /// <summary><c>Unsafe.As&lt;TFrom, TTo&gt;(ref)</c>, <c>AsPointer</c>, <c>AsRef</c>: the same address seen as another type.</summary>
    internal void LowerUnsafeReinterpret(MethodDesc method, List<StackEntry> arguments) =>
        Push(arguments[0].Value, method.ReturnType);

    /// <summary><c>Unsafe.SizeOf&lt;T&gt;()</c>: T's size in bytes, a constant.</summary>
    internal void LowerUnsafeSizeOf(MethodDesc method, List<StackEntry> arguments)
    {
        var type = ElementType(method);
        RequireUnmanaged(type, "'Unsafe.SizeOf'");
        Push(new Constant(type.Size, IrType.I32), types.Int32);
    }

    /// <summary>The type argument T of an <c>Unsafe</c> method, which must be unmanaged to be read or written here.</summary>
    private TypeDesc ElementType(MethodDesc method)
    {
        var type = method.GenericArguments[0];
        if (type.Kind is TypeKind.Class or TypeKind.Other)
        {
            throw Error($"'Unsafe.{method.Name}<{type.FullName}>' works on a reference type; BPF programs can use only unmanaged types");
        }

        return type;
    }
}
