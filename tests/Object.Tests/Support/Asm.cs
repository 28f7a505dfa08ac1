using System.Buffers.Binary;

namespace TraitsBpf.Object.Tests.Support;

/// <summary>
/// A small test-local BPF instruction encoder, so tests can hand-assemble the same
/// instructions clang emits for their C counterparts.
/// </summary>
internal static class Asm
{
    public static byte[] Instruction(byte opcode, int dst, int src, short offset, int immediate)
    {
        var bytes = new byte[8];
        bytes[0] = opcode;
        bytes[1] = (byte)((src & 0xf) << 4 | dst & 0xf);
        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(2), offset);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), immediate);
        return bytes;
    }

    public static byte[] Code(params byte[][] instructions) => [.. instructions.SelectMany(instruction => instruction)];

    public static byte[] MovImm(int dst, int immediate) => Instruction(0xb7, dst, 0, 0, immediate);

    public static byte[] Mov(int dst, int src) => Instruction(0xbf, dst, src, 0, 0);

    public static byte[] AddImm(int dst, int immediate) => Instruction(0x07, dst, 0, 0, immediate);

    public static byte[] Add(int dst, int src) => Instruction(0x0f, dst, src, 0, 0);

    public static byte[] MulImm(int dst, int immediate) => Instruction(0x27, dst, 0, 0, immediate);

    /// <summary>lddw: two slots, the immediate's low half in the first and high half in the second.</summary>
    public static byte[] LoadImm64(int dst, long immediate, int src = 0) =>
        Code(Instruction(0x18, dst, src, 0, (int)immediate), Instruction(0, 0, 0, 0, (int)(immediate >> 32)));

    public static byte[] LoadWord(int dst, int src, short offset) => Instruction(0x61, dst, src, offset, 0);

    public static byte[] LoadDouble(int dst, int src, short offset) => Instruction(0x79, dst, src, offset, 0);

    public static byte[] StoreWord(int dst, int src, short offset) => Instruction(0x63, dst, src, offset, 0);

    public static byte[] StoreDouble(int dst, int src, short offset) => Instruction(0x7b, dst, src, offset, 0);

    public static byte[] JumpIfZero(int dst, short offset) => Instruction(0x15, dst, 0, offset, 0);

    public static byte[] CallHelper(int helper) => Instruction(0x85, 0, 0, 0, helper);

    /// <summary>A BPF-to-BPF call as a code generator might leave it before relocation (imm 0).</summary>
    public static byte[] CallFunction() => Instruction(0x85, 0, 1, 0, 0);

    /// <summary>A kfunc call as a code generator might leave it before relocation (src_reg 2, imm 0).</summary>
    public static byte[] CallKfunc() => Instruction(0x85, 0, 2, 0, 0);

    public static byte[] Exit() => Instruction(0x95, 0, 0, 0, 0);
}
