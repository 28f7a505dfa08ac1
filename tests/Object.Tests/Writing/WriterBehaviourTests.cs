using System.Buffers.Binary;
using TraitsBpf.Object;
using TraitsBpf.Object.Btf;
using TraitsBpf.Object.Reading;
using TraitsBpf.Object.Tests.Support;

namespace TraitsBpf.Object.Tests.Writing;

/// <summary>What ObjectWriter decides on its own: instruction fields at relocations, data layout, what it leaves out.</summary>
public sealed class WriterBehaviourTests
{
    [Fact]
    public void SetsRelocatedInstructionsAsClangLeavesThem()
    {
        var xdp = new CodeSection("xdp", Asm.Code(
            Asm.LoadImm64(1, 0x1122334455667788, src: 1),
            Asm.LoadImm64(2, 99, src: 2),
            Asm.CallKfunc(),
            Asm.MovImm(0, 2),
            Asm.Exit()));
        xdp.Functions.Add(new FunctionSymbol("prog", 0, 7, TestTypes.XdpProgram("prog"), IsGlobal: true));
        xdp.Relocations.Add(new CodeRelocation(0, new MapReference("counts")));
        xdp.Relocations.Add(new CodeRelocation(2, new GlobalReference("pair", 8)));
        xdp.Relocations.Add(new CodeRelocation(4, new KfuncCall("bpf_cast_to_kern_ctx")));
        xdp.Lines.Add(new LineInfo(0, "a.cs", "", 1, 1));
        ObjectModel model = InvalidModelTests.ValidModel();
        model.Sections.RemoveAt(1);
        model.Sections.Add(xdp);
        model.Globals.Add(new GlobalVariable("pair", DataSectionKind.Bss, new BtfArray(TestTypes.U64, 2), new byte[16], 8));

        ObjectFile file = ObjectReader.Read(ObjectWriter.Write(model));
        ReadOnlySpan<byte> code = file.FindSection("xdp")!.Data.Span;

        Assert.Equal("r1 = 0x0 ll", BpfDisassembler.Format(code[..16]));
        Assert.Equal("r2 = 0x8 ll", BpfDisassembler.Format(code[16..32]));
        Assert.Equal("call -1", BpfDisassembler.Format(code[32..40]));
        Assert.Equal(0x10, code[33]);
        Assert.Equal(
            ["0 R_BPF_64_64 counts", "16 R_BPF_64_64 pair", "32 R_BPF_64_32 bpf_cast_to_kern_ctx"],
            file.RelocationsIn("xdp").Select(relocation => $"{relocation.Offset} {relocation.TypeName} {relocation.SymbolName}"));
    }

    [Fact]
    public void ResolvesStaticCallsInsideTextWithoutARelocation()
    {
        ObjectModel model = InvalidModelTests.ValidModel();
        var text = new CodeSection(".text", Asm.Code(Asm.CallFunction(), Asm.Exit(), Asm.Mov(0, 1), Asm.AddImm(0, 1), Asm.Exit()));
        var intToInt = model.Sections[0].Functions[0].Btf.Proto;
        text.Functions.Add(new FunctionSymbol("outer", 0, 2, new BtfFunc("outer", intToInt, BtfLinkage.Static), IsGlobal: false));
        text.Functions.Add(new FunctionSymbol("helper", 2, 3, new BtfFunc("helper", intToInt, BtfLinkage.Static), IsGlobal: false));
        text.Relocations.Add(new CodeRelocation(0, new SubprogramCall("helper")));
        text.Lines.Add(new LineInfo(0, "a.cs", "", 1, 1));
        text.Lines.Add(new LineInfo(2, "a.cs", "", 2, 1));
        model.Sections[0] = text;

        ObjectFile file = ObjectReader.Read(ObjectWriter.Write(model));

        Assert.Equal("call 1", BpfDisassembler.Format(file.FindSection(".text")!.Data.Span[..8]));
        Assert.Empty(file.RelocationsIn(".text"));
        Assert.Equal("call 1", BpfDisassembler.Format(file.FindSection("xdp")!.Data.Span[16..24]));
        Assert.Equal(".text", Assert.Single(file.RelocationsIn("xdp"), relocation => relocation.Type == 10).SymbolName);
    }

    [Fact]
    public void LeavesOutKfuncsNobodyCalls()
    {
        ObjectFile file = ObjectReader.Read(ObjectWriter.Write(InvalidModelTests.ValidModel()));

        Assert.DoesNotContain(file.Symbols, symbol => symbol.Name == "bpf_cast_to_kern_ctx");
        Assert.DoesNotContain(file.BtfTypes, type => type.Name is "bpf_cast_to_kern_ctx" or ".ksyms");
    }

    [Fact]
    public void PlacesGlobalsAtTheirAlignmentAndDescribesThemExactly()
    {
        ObjectModel model = InvalidModelTests.ValidModel();
        model.Globals.Clear();
        model.Globals.Add(new GlobalVariable("flag", DataSectionKind.Data, new BtfInt("unsigned char", 1, BtfIntEncoding.None), [1], 1));
        model.Globals.Add(new GlobalVariable("count", DataSectionKind.Data, TestTypes.U64, BitConverter.GetBytes(7UL), 8));
        model.Globals.Add(new GlobalVariable("scratch", DataSectionKind.Bss, TestTypes.U32, new byte[4], 4));
        model.Sections[1].Relocations[0] = new CodeRelocation(0, new GlobalReference("count"));

        ObjectFile file = ObjectReader.Read(ObjectWriter.Write(model));

        ObjectSection data = file.FindSection(".data")!;
        Assert.Equal((16UL, 8UL), (data.Size, data.Alignment));
        Assert.Equal(7UL, BinaryPrimitives.ReadUInt64LittleEndian(data.Data.Span[8..]));
        Assert.Equal([("flag", 0UL, 1UL), ("count", 8UL, 8UL)], file.Symbols.Where(symbol => symbol.SectionName == ".data").Select(symbol => (symbol.Name, symbol.Value, symbol.Size)));
        string[] datasec = file.BtfTypes.Single(type => type.Kind == "DATASEC" && type.Name == ".data").Text.Split('\n');
        Assert.EndsWith("DATASEC '.data' size=16 vlen=2", datasec[0]);
        Assert.EndsWith("offset=0 size=1 (VAR 'flag')", datasec[1]);
        Assert.EndsWith("offset=8 size=8 (VAR 'count')", datasec[2]);
        ObjectSection bss = file.FindSection(".bss")!;
        Assert.Equal((8U, 4UL), (bss.Type, bss.Size));
        Assert.True(bss.Data.IsEmpty);
    }

    [Fact]
    public void ClampsColumnsToWhatLineColHolds()
    {
        ObjectModel model = InvalidModelTests.ValidModel();
        model.Sections[1].Lines[0] = model.Sections[1].Lines[0] with { Column = 5000 };

        ObjectFile file = ObjectReader.Read(ObjectWriter.Write(model));

        Assert.Equal(1023, file.LinesIn("xdp").Single().Column);
    }

    [Fact]
    public void AlwaysWritesTextAndIsDeterministic()
    {
        ObjectModel model = InvalidModelTests.ValidModel();
        model.Sections.RemoveAt(0);
        model.Sections[0].Relocations.RemoveAll(relocation => relocation.Target is SubprogramCall);
        model.Sections[0] = WithCallReplacedByHelper(model.Sections[0]);

        byte[] first = ObjectWriter.Write(model);
        byte[] second = ObjectWriter.Write(model);

        Assert.Equal(first, second);
        ObjectSection text = ObjectReader.Read(first).FindSection(".text")!;
        Assert.Equal((0UL, 6UL), (text.Size, text.Flags));
    }

    private static CodeSection WithCallReplacedByHelper(CodeSection section)
    {
        byte[] code = section.Code.ToArray();
        Asm.CallHelper(5).CopyTo(code, 16);
        var replacement = new CodeSection(section.Name, code);
        replacement.Functions.AddRange(section.Functions);
        replacement.Relocations.AddRange(section.Relocations);
        replacement.Lines.AddRange(section.Lines);
        return replacement;
    }
}
