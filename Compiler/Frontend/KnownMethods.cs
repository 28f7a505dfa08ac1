using System.Buffers.Binary;
using TraitsBpf.Compiler.Il;
using static TraitsBpf.Compiler.Frontend.InterpretedValue;

namespace TraitsBpf.Compiler.Frontend;

/// <summary>
/// Framework methods and fields that initializers use and the interpreter evaluates itself,
/// because the reference assemblies the compiler reads have no IL for them.
/// </summary>
internal static class KnownMethods
{
    public static bool TryEvaluate(MethodDesc method, IReadOnlyList<InterpretedValue> arguments, out InterpretedValue? result)
    {
        result = null;
        if (!method.IsStatic || arguments.Any(a => a is not Integer) || method.Parameters.Any(p => !p.IsInteger))
        {
            if (arguments.OfType<Refused>().FirstOrDefault() is { } refused && IsKnown(method))
            {
                result = refused;
                return true;
            }

            return false;
        }

        var values = arguments.Cast<Integer>().ToArray();
        var type = method.ReturnType.Underlying;
        switch (method.DeclaringType.FullName, method.Name, values.Length)
        {
            case ("System.Buffers.Binary.BinaryPrimitives", "ReverseEndianness", 1):
                result = Typed(type, Swap(values[0].Bits, type.Size));
                return true;
            case ("System.Math", "Min" or "Max", 2):
                {
                    var a = Typed(type, values[0].Bits);
                    var b = Typed(type, values[1].Bits);
                    bool less = type.IsSigned ? a.Bits < b.Bits : (ulong)Unsign(a.Bits, type.Size) < (ulong)Unsign(b.Bits, type.Size);
                    result = (method.Name == "Min") == less ? a : b;
                    return true;
                }

            default:
                return false;
        }
    }

    /// <summary>Framework static fields with a value the interpreter knows.</summary>
    public static bool TryReadField(FieldDesc field, out InterpretedValue value)
    {
        // BPF targets are little-endian, like every machine this compiler runs on.
        value = Integer.Of32(1);
        return field.FullName == "System.BitConverter::IsLittleEndian";
    }

    private static bool IsKnown(MethodDesc method) =>
        (method.DeclaringType.FullName, method.Name) is ("System.Buffers.Binary.BinaryPrimitives", "ReverseEndianness") or ("System.Math", "Min" or "Max");

    /// <summary>The value as the IL stack holds a result of <paramref name="type"/>: truncated and extended by its signedness.</summary>
    private static Integer Typed(TypeDesc type, long bits)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, bits);
        return InterpretedMemory.Integer(bytes[..type.Size], type.IsSigned, type.Size == 8 || type.Kind is TypeKind.IntPtr or TypeKind.UIntPtr);
    }

    private static long Unsign(long bits, int size) => size == 8 ? bits : bits & ((1L << (size * 8)) - 1);

    private static long Swap(long bits, int size) => size switch
    {
        1 => bits,
        2 => BinaryPrimitives.ReverseEndianness((ushort)bits),
        4 => BinaryPrimitives.ReverseEndianness((uint)bits),
        _ => BinaryPrimitives.ReverseEndianness(bits),
    };
}
