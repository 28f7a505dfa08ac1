using System.Buffers.Binary;

namespace TraitsBpf.Differential.Tests.TraitStoreTwin;

/// <summary>
/// One trait store operation, as the step programs (<see cref="StoreStepPrograms"/> and
/// store_step.bpf.c) read it from a test packet: the operation and its arguments in a fixed
/// header, the result and the value buffer written back into it. The store itself is either the
/// rest of the packet or the XDP metadata area before it.
/// </summary>
/// <param name="Operation">0 get, 1 set, 2 del.</param>
/// <param name="Key">The key (any u64: over 63 is invalid).</param>
/// <param name="Size">set: the value's size; get: the buffer's size (any byte: sizes other than 0, 2, 4, 8, 16 are invalid for set).</param>
/// <param name="Flags">set's flags.</param>
/// <param name="Value">16 bytes: the value to set, or what the get buffer holds beforehand.</param>
public sealed record StoreStep(byte Operation, ulong Key, byte Size, ulong Flags, byte[] Value)
{
    /// <summary>u8: the operation.</summary>
    public const int OperationOffset = 0;

    /// <summary>u8: the size.</summary>
    public const int SizeOffset = 2;

    /// <summary>u64: the key.</summary>
    public const int KeyOffset = 8;

    /// <summary>u64: the flags.</summary>
    public const int FlagsOffset = 16;

    /// <summary>16 bytes: the value in.</summary>
    public const int ValueOffset = 24;

    /// <summary>i32 out: the result.</summary>
    public const int ResultOffset = 40;

    /// <summary>16 bytes out: the value buffer afterwards.</summary>
    public const int ValueOutOffset = 48;

    /// <summary>Where a store in the packet starts (and the header's length).</summary>
    public const int StoreOffset = 64;

    /// <summary>The header: the step's fields, result and value out zero.</summary>
    public byte[] Header()
    {
        var header = new byte[StoreOffset];
        header[OperationOffset] = Operation;
        header[SizeOffset] = Size;
        BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(KeyOffset), Key);
        BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(FlagsOffset), Flags);
        Value.CopyTo(header, ValueOffset);
        return header;
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"{Operation switch { 0 => "get", 1 => "set", _ => "del" }} key {Key} size {Size} flags {Flags} value {Convert.ToHexString(Value)}";
}
