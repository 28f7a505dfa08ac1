using System.Buffers.Binary;
using TraitsBpf.Compiler.Il;

namespace TraitsBpf.Compiler.Frontend;

/// <summary>Reads and writes interpreter values as the bytes of a type, little-endian like BPF.</summary>
internal static class InterpretedMemory
{
    public static InterpretedValue Load(MemoryImage image, int offset, TypeDesc type, Func<string, Exception> refuse)
    {
        if (image.Refusal is { } refused)
        {
            return refused;
        }

        var bytes = image.Slice(offset, type.Size, refuse);
        if (type.Kind is TypeKind.Single or TypeKind.Double)
        {
            throw refuse($"a {type.Name} read (floating point cannot initialize BPF globals)");
        }

        if (type.Kind == TypeKind.Struct)
        {
            return new InterpretedValue.StructValue(bytes.ToArray());
        }

        if (type.IsInteger || type.IsPointerLike)
        {
            return Integer(bytes, type.IsSigned, type.Size == 8 || type.Underlying.Kind is TypeKind.IntPtr or TypeKind.UIntPtr || type.IsPointerLike);
        }

        throw refuse($"a read of '{type.FullName}' from memory");
    }

    public static InterpretedValue.Integer Integer(ReadOnlySpan<byte> bytes, bool signed, bool wide)
    {
        long value = (bytes.Length, signed) switch
        {
            (1, true) => (sbyte)bytes[0],
            (1, false) => bytes[0],
            (2, true) => BinaryPrimitives.ReadInt16LittleEndian(bytes),
            (2, false) => BinaryPrimitives.ReadUInt16LittleEndian(bytes),
            (4, true) => BinaryPrimitives.ReadInt32LittleEndian(bytes),
            (4, false) => BinaryPrimitives.ReadUInt32LittleEndian(bytes),
            _ => BinaryPrimitives.ReadInt64LittleEndian(bytes),
        };
        return wide ? InterpretedValue.Integer.Of64(value) : InterpretedValue.Integer.Of32(value);
    }

    public static void Store(MemoryImage image, int offset, int size, InterpretedValue value, Func<string, Exception> refuse)
    {
        var bytes = image.Slice(offset, size, refuse);
        switch (value)
        {
            case InterpretedValue.Integer n:
                Span<byte> all = stackalloc byte[8];
                BinaryPrimitives.WriteInt64LittleEndian(all, n.Bits);
                all[..Math.Min(8, size)].CopyTo(bytes);
                break;
            case InterpretedValue.StructValue s when s.Bytes.Length == size:
                s.Bytes.CopyTo(bytes);
                break;
            case InterpretedValue.Null:
                bytes.Clear();
                break;
            case InterpretedValue.Refused r:
                image.Refusal = r;
                break;
            case InterpretedValue.Address:
                image.Refusal = new InterpretedValue.Refused("a pointer into memory of the compiler (an address has no value a BPF global can hold)", null);
                break;
            default:
                throw refuse($"a store of {Describe(value)} into {size} bytes of {image.Owner}");
        }
    }

    public static string Describe(InterpretedValue value) => value switch
    {
        InterpretedValue.Integer n => $"the integer {n.Bits}",
        InterpretedValue.Address a => $"an address into {a.Image.Owner}",
        InterpretedValue.StructValue s => $"a struct of {s.Bytes.Length} bytes",
        InterpretedValue.Text t => $"the string \"{t.Value}\"",
        InterpretedValue.Declaration => "a map or trait",
        InterpretedValue.Null => "null",
        InterpretedValue.Refused r => r.Why,
        _ => value.ToString(),
    };
}
