using TraitsBpf.Object;
using TraitsBpf.Object.Btf;
using TraitsBpf.Object.Tests.Support;

namespace TraitsBpf.Object.Tests.Writing;

/// <summary>
/// Models that libbpf or the kernel would reject, or that are simply inconsistent, are refused
/// by ObjectWriter with an InvalidObjectModelException naming what is wrong.
/// </summary>
public sealed class InvalidModelTests
{
    private static readonly Dictionary<string, (Action<ObjectModel> Break, string Message)> Cases = new()
    {
        ["code that is not whole instructions"] = (model => model.Sections[1] = new CodeSection("xdp", new byte[12]), "not a whole number of 8-byte instructions"),
        ["a program section without functions"] = (model => model.Sections[1].Functions.Clear(), "needs at least one function"),
        ["a gap between functions"] = (model => Replace(model.Sections[0], 0, f => f with { InstructionOffset = 1, InstructionCount = 2 }), "without gaps"),
        ["functions that do not cover the section"] = (model => Replace(model.Sections[1], 0, f => f with { InstructionCount = 3 }), "cover 3 of its 4 instructions"),
        ["a function of no instructions"] = (model => Replace(model.Sections[1], 0, f => f with { InstructionCount = 0 }), "has 0 instructions"),
        ["a BTF name that differs from the symbol"] = (model => Replace(model.Sections[1], 0, f => f with { Name = "other" }), "has a BTF FUNC named 'prog'"),
        ["a global symbol with static BTF"] = (model => Replace(model.Sections[0], 0, f => f with { IsGlobal = true }), "is global but its BTF FUNC has Static linkage"),
        ["a static program"] = (model => Replace(model.Sections[1], 0, f => f with { IsGlobal = false, Btf = new BtfFunc("prog", f.Btf.Proto, BtfLinkage.Static) }), "libbpf only accepts global functions as programs"),
        ["a relocation inside a 64-bit load"] = (model => model.Sections[1].Relocations.Add(new CodeRelocation(1, new MapReference("counts"))), "not the start of an instruction"),
        ["two relocations on one instruction"] = (model => model.Sections[1].Relocations.Add(new CodeRelocation(0, new GlobalReference("total"))), "more than one relocation"),
        ["a map relocation on a call"] = (model => Retarget(model.Sections[1], 2, new MapReference("counts")), "must point at a 64-bit immediate load"),
        ["a call relocation on a load"] = (model => Retarget(model.Sections[1], 0, new SubprogramCall("helper")), "must point at a call instruction"),
        ["an unknown map"] = (model => Retarget(model.Sections[1], 0, new MapReference("missing")), "map 'missing', which is not in the model"),
        ["an unknown global"] = (model => Retarget(model.Sections[1], 0, new GlobalReference("missing")), "global 'missing', which is not in the model"),
        ["an offset past a global"] = (model => Retarget(model.Sections[1], 0, new GlobalReference("total", 9)), "offset 9 is outside global 'total'"),
        ["an unknown function"] = (model => Retarget(model.Sections[1], 2, new SubprogramCall("missing")), "calls 'missing', which is not a function"),
        ["a call to a program"] = (model => Retarget(model.Sections[1], 2, new SubprogramCall("prog")), "libbpf only links calls to functions in .text"),
        ["an unknown kfunc"] = (model => Retarget(model.Sections[1], 2, new KfuncCall("bpf_missing")), "kfunc 'bpf_missing', which is not in the model's kfuncs"),
        ["a CO-RE relocation inside a 64-bit load"] = (model => model.Sections[1].CoreRelocations.Add(new CoreRelocation(1, KernelStruct(), "0:0")), "not the start of an instruction"),
        ["a CO-RE relocation rooted at an integer"] = (model => model.Sections[1].CoreRelocations.Add(new CoreRelocation(0, new BtfInt("int", 4, BtfIntEncoding.Signed), "0:0")), "not a named struct"),
        ["a CO-RE access that does not start at the pointer"] = (model => model.Sections[1].CoreRelocations.Add(new CoreRelocation(0, KernelStruct(), "1")), "not an access string"),
        ["line info out of order"] = (model => model.Sections[1].Lines.Add(new LineInfo(0, "a.cs", "", 9, 1)), "strictly increasing"),
        ["line info inside a 64-bit load"] = (model => model.Sections[1].Lines.Add(new LineInfo(1, "a.cs", "", 9, 1)), "not the start of an instruction"),
        ["a function without line info"] = (model => model.Sections[0].Lines.Clear(), "function 'helper' has no line info"),
        ["a negative column"] = (model => model.Sections[1].Lines[0] = model.Sections[1].Lines[0] with { Column = -1 }, "negative column"),
        ["a line number beyond line_col"] = (model => model.Sections[1].Lines[0] = model.Sections[1].Lines[0] with { Line = 1 << 22 }, "line number outside"),
        ["two sections with one name"] = (model => model.Sections.Add(SingleExit("xdp", "other")), "two code sections named 'xdp'"),
        ["a code section named like a data section"] = (model => model.Sections.Add(SingleExit(".maps", "other")), "reserved"),
        ["a code section named like a relocation section"] = (model => model.Sections.Add(SingleExit(".relxdp", "other")), "reserved"),
        ["a global named like a map"] = (model => model.Globals.Add(model.Globals[0] with { Name = "counts" }), "used by both a map and a global variable"),
        ["a global named LICENSE"] = (model => model.Globals.Add(model.Globals[0] with { Name = "LICENSE" }), "the license variable"),
        ["an alignment of 3"] = (model => model.Globals[0] = model.Globals[0] with { Alignment = 3 }, "alignment 3"),
        ["a global of size 0"] = (model => model.Globals[0] = model.Globals[0] with { InitialValue = [] }, "size 0"),
        ["initialized .bss"] = (model => model.Globals[0] = model.Globals[0] with { Section = DataSectionKind.Bss }, "non-zero initial value"),
        ["a map with a key type and a key size"] = (model => model.Maps[0] = model.Maps[0] with { KeySize = 4 }, "both a BTF type and a size"),
        ["a map of type 0"] = (model => model.Maps[0] = model.Maps[0] with { MapType = BpfMapType.Unspecified }, "map type 0"),
        ["a map name the kernel refuses"] = (model => model.Maps.Add(model.Maps[0] with { Name = "my-map" }), "not a name the kernel accepts"),
        ["a 64-bit load cut off by the end of the section"] = (model => model.Sections[0] = WithCode(model.Sections[0], Asm.Code(Asm.Mov(0, 1), Asm.AddImm(0, 1), Asm.Instruction(0x18, 0, 0, 0, 0))), "cut off by the end of the section"),
    };

    private static BtfStruct KernelStruct()
    {
        var structure = new BtfStruct("sk_buff", 4);
        structure.Members.Add(new BtfMember("len", new BtfInt("unsigned int", 4, BtfIntEncoding.None), 0));
        return structure;
    }

    public static TheoryData<string> CaseNames() => [.. Cases.Keys];

    [Fact]
    public void TheBaseModelIsValid() => Assert.NotEmpty(ObjectWriter.Write(ValidModel()));

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void RefusesModelsThatCannotLoad(string caseName)
    {
        ObjectModel model = ValidModel();
        Cases[caseName].Break(model);

        var error = Assert.Throws<InvalidObjectModelException>(() => ObjectWriter.Write(model));

        Assert.Contains(Cases[caseName].Message, error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("GPL\n")]
    [InlineData("GPL\u00e9")]
    public void RefusesALicenseThatIsNotPrintableAscii(string license)
    {
        var error = Assert.Throws<InvalidObjectModelException>(() => ObjectWriter.Write(ValidModel(license)));

        Assert.Contains("must be non-empty printable ASCII", error.Message);
    }

    /// <summary>
    /// .text: helper (static, 3 instructions); xdp: prog = lddw counts (2 slots), call helper, exit;
    /// a map "counts", a .data global "total", a kfunc, line info on every function.
    /// </summary>
    internal static ObjectModel ValidModel(string license = "GPL")
    {
        var intToInt = new BtfFuncProto(TestTypes.Int, [new BtfParameter("value", TestTypes.Int)]);
        var text = new CodeSection(".text", Asm.Code(Asm.Mov(0, 1), Asm.AddImm(0, 1), Asm.Exit()));
        text.Functions.Add(new FunctionSymbol("helper", 0, 3, new BtfFunc("helper", intToInt, BtfLinkage.Static), IsGlobal: false));
        text.Lines.Add(new LineInfo(0, "a.cs", "return value + 1;", 3, 9));

        var xdp = new CodeSection("xdp", Asm.Code(Asm.LoadImm64(1, 0), Asm.CallFunction(), Asm.Exit()));
        xdp.Functions.Add(new FunctionSymbol("prog", 0, 4, TestTypes.XdpProgram("prog"), IsGlobal: true));
        xdp.Relocations.Add(new CodeRelocation(0, new MapReference("counts")));
        xdp.Relocations.Add(new CodeRelocation(2, new SubprogramCall("helper")));
        xdp.Lines.Add(new LineInfo(0, "a.cs", "var counts = Counts;", 8, 9));

        var model = new ObjectModel { License = license };
        model.Sections.Add(text);
        model.Sections.Add(xdp);
        model.Maps.Add(new MapDefinition("counts", BpfMapType.Array, TestTypes.U32, TestTypes.U64, 0, 0, 4));
        model.Globals.Add(new GlobalVariable("total", DataSectionKind.Data, TestTypes.U64, BitConverter.GetBytes(1UL), 8));
        model.Kfuncs.Add(new ExternFunction("bpf_cast_to_kern_ctx", new BtfFuncProto(new BtfPointer(BtfVoid.Instance), [new BtfParameter("obj", new BtfPointer(BtfVoid.Instance))])));
        return model;
    }

    private static void Replace(CodeSection section, int index, Func<FunctionSymbol, FunctionSymbol> change) =>
        section.Functions[index] = change(section.Functions[index]);

    private static void Retarget(CodeSection section, int offset, RelocationTarget target)
    {
        section.Relocations.RemoveAll(relocation => relocation.InstructionOffset == offset);
        section.Relocations.Add(new CodeRelocation(offset, target));
    }

    private static CodeSection SingleExit(string sectionName, string functionName)
    {
        var section = new CodeSection(sectionName, Asm.Exit());
        section.Functions.Add(new FunctionSymbol(functionName, 0, 1, TestTypes.XdpProgram(functionName), IsGlobal: true));
        section.Lines.Add(new LineInfo(0, "a.cs", "", 1, 1));
        return section;
    }

    private static CodeSection WithCode(CodeSection section, byte[] code)
    {
        var replacement = new CodeSection(section.Name, code);
        replacement.Functions.AddRange(section.Functions);
        replacement.Lines.AddRange(section.Lines);
        return replacement;
    }
}
