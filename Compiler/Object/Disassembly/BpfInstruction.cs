using System.Buffers.Binary;

namespace TraitsBpf.Compiler.Object.Disassembly;

/// <summary>
/// One decoded 8-byte instruction slot (opcode, dst_reg, src_reg, off, imm) with typed views of
/// the opcode's bit fields (Documentation/bpf/standardization/instruction-set.rst).
/// </summary>
internal readonly record struct BpfInstruction(byte Opcode, int Dst, int Src, short Offset, int Immediate)
{
    public const int ClassLoad = 0x00, ClassLoadRegister = 0x01, ClassStore = 0x02, ClassStoreRegister = 0x03;
    public const int ClassAlu = 0x04, ClassJump = 0x05, ClassJump32 = 0x06, ClassAlu64 = 0x07;

    public static BpfInstruction Decode(ReadOnlySpan<byte> slot) =>
        new(slot[0], slot[1] & 0x0f, slot[1] >> 4, BinaryPrimitives.ReadInt16LittleEndian(slot[2..]), BinaryPrimitives.ReadInt32LittleEndian(slot[4..]));

    /// <summary>The low three bits: which of the eight instruction classes.</summary>
    public int Class => Opcode & 0x07;

    /// <summary>ALU and jump classes: the operation in the high four bits.</summary>
    public int Operation => Opcode & 0xf0;

    /// <summary>ALU and jump classes: the source bit, set when the operand is src_reg rather than imm.</summary>
    public bool UsesRegister => (Opcode & 0x08) != 0;

    /// <summary>Load and store classes: the addressing mode in the high three bits.</summary>
    public int Mode => Opcode & 0xe0;

    /// <summary>Load and store classes: the access size field.</summary>
    public int SizeField => Opcode & 0x18;
}
