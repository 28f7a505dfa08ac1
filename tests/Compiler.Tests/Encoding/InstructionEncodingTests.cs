using TraitsBpf.Object.Format;

namespace TraitsBpf.Compiler.Tests.Encoding;

/// <summary>Instruction encoding against bytes clang produces for the same instructions.</summary>
public sealed class InstructionEncodingTests
{
    [Theory]
    [InlineData(0xB7, 0, 0, 0, 2, "b700000002000000")] // r0 = 2
    [InlineData(0xB4, 0, 0, 0, 2, "b400000002000000")] // w0 = 2
    [InlineData(0x95, 0, 0, 0, 0, "9500000000000000")] // exit
    [InlineData(0x61, 2, 1, 4, 0, "6112040000000000")] // r2 = *(u32 *)(r1 + 4)
    [InlineData(0x2D, 3, 2, 5, 0, "2d23050000000000")] // if r3 > r2 goto +5
    [InlineData(0x7B, 10, 1, -8, 0, "7b1af8ff00000000")] // *(u64 *)(r10 - 8) = r1
    [InlineData(0xDC, 1, 0, 0, 16, "dc01000010000000")] // r1 = be16 r1
    [InlineData(0x85, 0, 0, 0, 5, "8500000005000000")] // call 5
    [InlineData(0x3C, 1, 2, 1, 0, "3c21010000000000")] // w1 s/= w2 (ISA v4 sdiv)
    [InlineData(0xBF, 1, 2, 32, 0, "bf21200000000000")] // r1 = (s32)r2 (ISA v4 movsx)
    public void EncodesLikeClang(int opcode, int dst, int src, int offset, int imm, string hex)
    {
        var bytes = new byte[8];
        new BpfInstruction((byte)opcode, (byte)dst, (byte)src, (short)offset, imm).Encode(bytes);
        Assert.Equal(hex, Convert.ToHexString(bytes).ToLowerInvariant());
        Assert.Equal(new BpfInstruction((byte)opcode, (byte)dst, (byte)src, (short)offset, imm), BpfInstruction.Decode(bytes));
    }
}
