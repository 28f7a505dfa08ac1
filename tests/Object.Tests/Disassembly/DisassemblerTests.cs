using TraitsBpf.Object;
using TraitsBpf.Object.Tests.Support;

namespace TraitsBpf.Object.Tests.Disassembly;

/// <summary>BpfDisassembler against llvm-objdump for what LLVM 14 decodes, and against the LLVM 18 / verifier spellings for the rest.</summary>
public sealed class DisassemblerTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void AgreesWithLlvmObjdumpOnEveryInstructionLlvm14Decodes()
    {
        byte[] code = Asm.Code([.. InstructionsLlvm14Knows(), Asm.Exit()]);
        var section = new CodeSection("socket", code);
        section.Functions.Add(new FunctionSymbol("everything", 0, code.Length / 8, TestTypes.XdpProgram("everything"), IsGlobal: true));
        var model = new ObjectModel();
        model.Sections.Add(section);
        string path = temp.WriteFile("everything.o", ObjectWriter.Write(model));

        var expected = ReaderListing.WithHexWideImmediates(ElfListing.Read(path).Instructions);
        var actual = ReaderListing.Instructions(ObjectReader.ReadFile(path));

        Assert.Equal(expected.Count, actual.Count);
        var undecoded = expected.Where(line => line.EndsWith(BpfDisassembler.Unknown, StringComparison.Ordinal)).ToList();
        Assert.True(undecoded.Count == 0, $"llvm-objdump did not decode: {string.Join(", ", undecoded)}");
        for (int i = 0; i < expected.Count; i++)
            Assert.Equal(expected[i], actual[i]);
    }

    [Theory]
    [InlineData("d7 01 00 00 10 00 00 00", "r1 = bswap16 r1")]
    [InlineData("d7 02 00 00 40 00 00 00", "r2 = bswap64 r2")]
    [InlineData("3f 32 01 00 00 00 00 00", "r2 s/= r3")]
    [InlineData("34 02 01 00 f9 ff ff ff", "w2 s/= -7")]
    [InlineData("9f 32 01 00 00 00 00 00", "r2 s%= r3")]
    [InlineData("9c 32 00 00 00 00 00 00", "w2 %= w3")]
    [InlineData("97 02 00 00 03 00 00 00", "r2 %= 3")]
    [InlineData("bf 21 08 00 00 00 00 00", "r1 = (s8)r2")]
    [InlineData("bf 21 20 00 00 00 00 00", "r1 = (s32)r2")]
    [InlineData("bc 21 10 00 00 00 00 00", "w1 = (s16)w2")]
    [InlineData("91 21 00 00 00 00 00 00", "r1 = *(s8 *)(r2 + 0)")]
    [InlineData("89 21 fe ff 00 00 00 00", "r1 = *(s16 *)(r2 - 2)")]
    [InlineData("81 21 04 00 00 00 00 00", "r1 = *(s32 *)(r2 + 4)")]
    [InlineData("62 0a fc ff 00 00 00 00", "*(u32 *)(r10 - 4) = 0")]
    [InlineData("72 0a ff ff fb ff ff ff", "*(u8 *)(r10 - 1) = -5")]
    [InlineData("7a 0a f0 ff 01 00 00 00", "*(u64 *)(r10 - 16) = 1")]
    [InlineData("c3 21 00 00 01 00 00 00", "w2 = atomic_fetch_add((u32 *)(r1 + 0), w2)")]
    [InlineData("db 21 08 00 a1 00 00 00", "r2 = atomic_fetch_xor((u64 *)(r1 + 8), r2)")]
    [InlineData("c3 21 00 00 e1 00 00 00", "w2 = xchg32_32(r1 + 0, w2)")]
    [InlineData("c3 21 00 00 f1 00 00 00", "w0 = cmpxchg32_32(r1 + 0, w0, w2)")]
    [InlineData("46 01 01 00 ff 00 00 00", "if w1 & 255 goto +1")]
    [InlineData("45 01 01 00 ff 00 00 00", "if r1 & 255 goto +1")]
    [InlineData("4d 21 00 00 00 00 00 00", "if r1 & r2 goto +0")]
    [InlineData("06 00 00 00 a0 86 01 00", "gotol +100000")]
    [InlineData("e5 00 03 00 00 00 00 00", "may_goto +3")]
    [InlineData("50 10 00 00 04 00 00 00", "r0 = *(u8 *)skb[r1 + 4]")]
    [InlineData("85 20 00 00 d2 04 00 00", "call kfunc#1234")]
    [InlineData("85 10 00 00 02 00 00 00", "call 2")]
    [InlineData("18 01 00 00 34 12 00 00 00 00 00 00 00 00 00 00", "r1 = 0x1234 ll")]
    [InlineData("18 01 00 00 ff ff ff ff 00 00 00 00 ff ff ff ff", "r1 = -0x1 ll")]
    [InlineData("ff 00 00 00 00 00 00 00", BpfDisassembler.Unknown)]
    [InlineData("8f 00 00 00 00 00 00 00", BpfDisassembler.Unknown)]
    [InlineData("18 01 00 00 00 00 00 00 61 00 00 00 00 00 00 00", BpfDisassembler.Unknown)]
    public void SpellsTheFormsLlvm14CannotDecodeAsNewerLlvmDoes(string bytes, string expected)
    {
        byte[] instruction = Convert.FromHexString(bytes.Replace(" ", ""));

        Assert.Equal(expected, BpfDisassembler.Format(instruction));
    }

    [Fact]
    public void ReadsAWideLoadAtTheEndOfTheCodeAsUnknownRatherThanPastTheEnd()
    {
        byte[] code = Asm.Code(Asm.Exit(), Asm.Instruction(0x18, 1, 0, 0, 5));

        var instructions = BpfDisassembler.Disassemble(code);

        Assert.Equal(["exit", BpfDisassembler.Unknown], instructions.Select(instruction => instruction.Text));
        Assert.Equal([0, 1], instructions.Select(instruction => instruction.InstructionOffset));
    }

    [Fact]
    public void GivesEachInstructionItsOffsetAndWidth()
    {
        var instructions = BpfDisassembler.Disassemble(Asm.Code(Asm.MovImm(0, 0), Asm.LoadImm64(1, 7), Asm.Exit()));

        Assert.Equal([(0, 1), (1, 2), (3, 1)], instructions.Select(instruction => (instruction.InstructionOffset, instruction.Width)));
    }

    [Fact]
    public void RejectsCodeThatIsNotWholeInstructions()
    {
        Assert.Throws<ObjectFormatException>(() => BpfDisassembler.Disassemble(new byte[12]));
        Assert.Throws<ArgumentException>(() => BpfDisassembler.Format(new byte[9]));
    }

    /// <summary>Every ALU, jump, load and store form LLVM 14's BPF disassembler decodes, with a spread of registers and operands.</summary>
    private static IEnumerable<byte[]> InstructionsLlvm14Knows()
    {
        int[] aluOperations = [0x00, 0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70, 0xa0, 0xb0, 0xc0];
        foreach (byte aluClass in new byte[] { 0x04, 0x07 })
        {
            foreach (int operation in aluOperations)
            {
                yield return Asm.Instruction((byte)(aluClass | operation), 3, 0, 0, operation == 0x00 ? -42 : 7);
                yield return Asm.Instruction((byte)(aluClass | operation | 0x08), 4, 9, 0, 0);
            }
            yield return Asm.Instruction((byte)(aluClass | 0x80), 5, 0, 0, 0);
        }
        foreach (int width in new[] { 16, 32, 64 })
        {
            yield return Asm.Instruction(0xd4, 1, 0, 0, width);
            yield return Asm.Instruction(0xdc, 2, 0, 0, width);
        }
        int[] comparisons = [0x10, 0x20, 0x30, 0x50, 0x60, 0x70, 0xa0, 0xb0, 0xc0, 0xd0];
        foreach (byte jumpClass in new byte[] { 0x05, 0x06 })
        {
            foreach (int comparison in comparisons)
            {
                yield return Asm.Instruction((byte)(jumpClass | comparison), 1, 0, -3, -17);
                yield return Asm.Instruction((byte)(jumpClass | comparison | 0x08), 2, 3, 4, 0);
            }
        }
        yield return Asm.Instruction(0x05, 0, 0, -1, 0);
        foreach (int size in new[] { 0x00, 0x08, 0x10, 0x18 })
        {
            yield return Asm.Instruction((byte)(0x61 | size), 6, 10, -8, 0);
            yield return Asm.Instruction((byte)(0x63 | size), 10, 7, -16, 0);
        }
        foreach (int operation in new[] { 0x00, 0x40, 0x50, 0xa0 })
            yield return Asm.Instruction(0xdb, 1, 2, 8, operation);
        yield return Asm.Instruction(0xc3, 1, 2, 4, 0x00);
        yield return Asm.Instruction(0xdb, 1, 2, 0, 0x01);
        yield return Asm.Instruction(0xdb, 1, 2, 0, 0xe1);
        yield return Asm.Instruction(0xdb, 1, 2, 0, 0xf1);
        foreach (int size in new[] { 0x00, 0x08, 0x10 })
        {
            yield return Asm.Instruction((byte)(0x20 | size), 0, 0, 0, 14);
            yield return Asm.Instruction((byte)(0x40 | size), 0, 3, 0, 0);
        }
        yield return Asm.LoadImm64(1, 0);
        yield return Asm.LoadImm64(2, long.MinValue);
        yield return Asm.LoadImm64(3, 0x7eadbeef_12345678);
        yield return Asm.LoadImm64(4, 5, src: 2);
        yield return Asm.CallHelper(1);
        yield return Asm.Instruction(0x85, 0, 1, 0, -1);
    }
}
