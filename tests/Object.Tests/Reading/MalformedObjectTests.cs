using System.Buffers.Binary;
using System.Text;
using TraitsBpf.Object;
using TraitsBpf.Object.Btf;
using TraitsBpf.Object.Reading;
using TraitsBpf.Object.Tests.Scenarios;
using TraitsBpf.Object.Tests.Support;

namespace TraitsBpf.Object.Tests.Reading;

/// <summary>
/// Hostile input: whatever is wrong with the bytes, ObjectReader answers with one
/// ObjectFormatException and a one-sentence message, never another exception.
/// </summary>
public sealed class MalformedObjectTests
{
    private static readonly byte[] Valid = ObjectWriter.Write(MapScenario.Model());

    [Fact]
    public void TheUntouchedObjectReads()
    {
        ObjectFile file = ObjectReader.Read(Valid);

        Assert.Equal(["objtest_counters", "flows"], file.MapNames);
    }

    [Theory]
    [InlineData(new byte[0], "too short")]
    [InlineData(new byte[] { 0x7f, (byte)'E', (byte)'L', (byte)'F' }, "too short")]
    public void RejectsTinyInput(byte[] bytes, string expected) => AssertRejected(bytes, expected);

    [Fact]
    public void RejectsSomethingThatIsNotElf() =>
        AssertRejected(Encoding.ASCII.GetBytes(new string('x', 100)), "not an ELF object");

    [Theory]
    [InlineData(4, 1, "not a 64-bit ELF object")]
    [InlineData(5, 2, "big-endian")]
    public void RejectsOtherElfFlavours(int offset, byte value, string expected) =>
        AssertRejected(Patched(Valid, offset, [value]), expected);

    [Fact]
    public void RejectsAnExecutable() => AssertRejected(PatchedU16(Valid, 16, 2), "not a relocatable object");

    [Fact]
    public void RejectsAnotherMachine() => AssertRejected(PatchedU16(Valid, 18, 62), "not BPF");

    [Fact]
    public void RejectsASectionHeaderTableOutsideTheFile() =>
        AssertRejected(PatchedU64(Valid, 40, (ulong)Valid.Length - 8), "section header table");

    [Fact]
    public void RejectsASectionWhoseBytesLieOutsideTheFile()
    {
        long header = SectionHeaderOffset(Valid, ".BTF");

        AssertRejected(PatchedU64(Valid, header + 32, 1UL << 40), "beyond any file");
        AssertRejected(PatchedU64(Valid, header + 24, (ulong)Valid.Length), "does not fit");
    }

    [Fact]
    public void RejectsASymbolNameOutsideTheStringTable()
    {
        long symbols = SectionFileOffset(Valid, ".symtab");

        AssertRejected(PatchedU32(Valid, symbols + 24, 0x00ff_ffff), "symbol name");
    }

    [Fact]
    public void RejectsARelocationToAMissingSymbol()
    {
        long relocations = SectionFileOffset(Valid, ".relxdp");

        AssertRejected(PatchedU32(Valid, relocations + 12, 0x7fff), "refers to symbol");
    }

    [Fact]
    public void RejectsBrokenBtf()
    {
        long btf = SectionFileOffset(Valid, ".BTF");

        AssertRejected(PatchedU16(Valid, btf, 0x1234), "BTF magic");
        AssertRejected(PatchedU32(Valid, btf + 24 + 4, 0x1f00_0000), "unknown kind");
    }

    [Fact]
    public void RejectsBtfThatRefersToAMissingType()
    {
        // A function returning void * makes type 1 a PTR, whose type field can then be broken.
        var section = new CodeSection("socket", Asm.Code(Asm.MovImm(0, 0), Asm.Exit()));
        var proto = new BtfFuncProto(new BtfPointer(BtfVoid.Instance), []);
        section.Functions.Add(new FunctionSymbol("f", 0, 2, new BtfFunc("f", proto, BtfLinkage.Global), IsGlobal: true));
        var model = new ObjectModel();
        model.Sections.Add(section);
        byte[] bytes = ObjectWriter.Write(model);

        AssertRejected(PatchedU32(bytes, SectionFileOffset(bytes, ".BTF") + 24 + 8, 0x00ff_ffff), "refers to type");
    }

    [Fact]
    public void RejectsBrokenBtfExt()
    {
        long ext = SectionFileOffset(Valid, ".BTF.ext");
        long firstFuncInfo = ext + 32 + 4 + 8;

        AssertRejected(PatchedU32(Valid, firstFuncInfo, 4), "not the start of an 8-byte instruction");
        AssertRejected(PatchedU32(Valid, firstFuncInfo + 4, 1), "not a FUNC");
        AssertRejected(PatchedU32(Valid, ext + 32 + 4 + 4, 1000), "func_info records");
    }

    [Fact]
    public void RejectsEveryTruncation()
    {
        for (int length = 0; length < Valid.Length; length++)
            Assert.Throws<ObjectFormatException>(() => ObjectReader.Read(Valid.AsMemory(0, length)));
    }

    /// <summary>
    /// Random damage anywhere, in our object and in clang's (which also has DWARF and relocations of non-code sections): the reader either copes or says the object is malformed, and
    /// whatever it returns can be disassembled and printed without surprises.
    /// </summary>
    [Theory]
    [InlineData("ours")]
    [InlineData("clang's")]
    public void SurvivesRandomCorruption(string whose)
    {
        using var temp = new TempDirectory();
        byte[] original = whose == "ours" ? Valid : File.ReadAllBytes(ClangReference.Compile(temp, "maps", MapScenario.Source));
        var random = new Random(20251122);
        int rejected = 0;
        for (int round = 0; round < 3000; round++)
        {
            byte[] damaged = (byte[])original.Clone();
            for (int flips = random.Next(1, 5); flips > 0; flips--)
                damaged[random.Next(damaged.Length)] = (byte)random.Next(256);
            try
            {
                ObjectFile file = ObjectReader.Read(damaged);
                foreach (ObjectSection section in file.Sections.Where(section => section.IsExecutable && section.Data.Length % 8 == 0))
                    _ = BpfDisassembler.Disassemble(section.Data.Span);
                foreach (FuncInfoRecord info in file.FuncInfos)
                    _ = file.SpellSignature(info.TypeId);
                foreach (BtfTypeSummary type in file.BtfTypes)
                    _ = file.SpellType(type.Id);
            }
            catch (ObjectFormatException error)
            {
                Assert.False(string.IsNullOrWhiteSpace(error.Message));
                rejected++;
            }
        }
        Assert.InRange(rejected, 1, 2999);
    }

    private static void AssertRejected(byte[] bytes, string expected)
    {
        var error = Assert.Throws<ObjectFormatException>(() => ObjectReader.Read(bytes));
        Assert.Contains(expected, error.Message);
        Assert.EndsWith(".", error.Message);
    }

    private static byte[] Patched(byte[] bytes, long offset, byte[] value)
    {
        byte[] copy = (byte[])bytes.Clone();
        value.CopyTo(copy, offset);
        return copy;
    }

    private static byte[] PatchedU16(byte[] bytes, long offset, ushort value)
    {
        var buffer = new byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(buffer, value);
        return Patched(bytes, offset, buffer);
    }

    private static byte[] PatchedU32(byte[] bytes, long offset, uint value)
    {
        var buffer = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(buffer, value);
        return Patched(bytes, offset, buffer);
    }

    private static byte[] PatchedU64(byte[] bytes, long offset, ulong value)
    {
        var buffer = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(buffer, value);
        return Patched(bytes, offset, buffer);
    }

    private static long SectionHeaderOffset(byte[] bytes, string name)
    {
        int index = ObjectReader.Read(bytes).FindSection(name)!.Index;
        return (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(40)) + 64L * index;
    }

    private static long SectionFileOffset(byte[] bytes, string name) =>
        (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan((int)SectionHeaderOffset(bytes, name) + 24));
}
