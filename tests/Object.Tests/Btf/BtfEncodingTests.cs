using System.Buffers.Binary;
using System.Text;
using TraitsBpf.Object;
using TraitsBpf.Object.Btf;
using TraitsBpf.Object.Writing;

namespace TraitsBpf.Object.Tests.Btf;

/// <summary>
/// Every BTF kind against hand-encoded words (Documentation/bpf/btf.rst): a type is
/// name_off, info (vlen | kind &lt;&lt; 24 | kind_flag &lt;&lt; 31), size-or-type, then its
/// kind-specific words. Ids follow from the builder's order: children before their parents,
/// except structs, which take their id before their members.
/// </summary>
public sealed class BtfEncodingTests
{
    private static readonly BtfInt Int = new("int", 4, BtfIntEncoding.Signed);

    private static readonly Dictionary<string, BtfEncodingCase> Cases = new()
    {
        ["unsigned int"] = new(() => [new BtfInt("unsigned int", 4, BtfIntEncoding.None)],
            [1, 0x0100_0000, 4, 0x0000_0020], "\0unsigned int\0"),
        ["signed char"] = new(() => [new BtfInt("char", 1, BtfIntEncoding.Signed)],
            [1, 0x0100_0000, 1, 0x0100_0008], "\0char\0"),
        ["bool"] = new(() => [new BtfInt("_Bool", 1, BtfIntEncoding.Bool)],
            [1, 0x0100_0000, 1, 0x0400_0008], "\0_Bool\0"),
        ["128-bit int"] = new(() => [new BtfInt("__int128", 16, BtfIntEncoding.Signed)],
            [1, 0x0100_0000, 16, 0x0100_0080], "\0__int128\0"),
        ["pointer to int"] = new(() => [new BtfPointer(Int)],
            [1, 0x0100_0000, 4, 0x0100_0020, 0, 0x0200_0000, 1], "\0int\0"),
        ["void pointer"] = new(() => [new BtfPointer(BtfVoid.Instance)],
            [0, 0x0200_0000, 0], "\0"),
        ["array"] = new(() => [new BtfArray(Int, 4)],
            [1, 0x0100_0000, 4, 0x0100_0020, 5, 0x0100_0000, 4, 0x0000_0020, 0, 0x0300_0000, 0, 1, 2, 4], "\0int\0__ARRAY_SIZE_TYPE__\0"),
        ["self-referencing struct"] = new(() => [SelfReferencingNode()],
            [1, 0x0400_0002, 16, 6, 2, 0, 11, 3, 64, 0, 0x0200_0000, 1, 17, 0x0100_0000, 4, 0x0100_0020], "\0node\0next\0value\0int\0"),
        ["union"] = new(() => [Union()],
            [1, 0x0500_0002, 4, 3, 2, 0, 9, 3, 0, 5, 0x0100_0000, 4, 0x0100_0020, 11, 0x0100_0000, 4, 0x0000_0020], "\0u\0a\0int\0b\0unsigned int\0"),
        ["unsigned enum"] = new(() => [new BtfEnum("e", 4, false, [new("A", 1), new("B", uint.MaxValue)])],
            [1, 0x0600_0002, 4, 3, 1, 5, 0xffff_ffff], "\0e\0A\0B\0"),
        ["signed enum"] = new(() => [new BtfEnum("s", 2, true, [new("M", -1)])],
            [1, 0x8600_0001, 2, 3, 0xffff_ffff], "\0s\0M\0"),
        ["enum64"] = new(() => [new BtfEnum("w", 8, false, [new("X", 0x1_0000_0002)])],
            [1, 0x1300_0001, 8, 3, 2, 1], "\0w\0X\0"),
        ["struct forward"] = new(() => [new BtfForward("sk_buff")],
            [1, 0x0700_0000, 0], "\0sk_buff\0"),
        ["union forward"] = new(() => [new BtfForward("bpf_attr", isUnion: true)],
            [1, 0x8700_0000, 0], "\0bpf_attr\0"),
        ["typedef"] = new(() => [new BtfTypedef("s32", Int)],
            [1, 0x0100_0000, 4, 0x0100_0020, 5, 0x0800_0000, 1], "\0int\0s32\0"),
        ["volatile"] = new(() => [new BtfVolatile(Int)],
            [1, 0x0100_0000, 4, 0x0100_0020, 0, 0x0900_0000, 1], "\0int\0"),
        ["const"] = new(() => [new BtfConst(Int)],
            [1, 0x0100_0000, 4, 0x0100_0020, 0, 0x0a00_0000, 1], "\0int\0"),
        ["function prototype"] = new(() => [new BtfFuncProto(Int, [new("a", Int), new("b", new BtfPointer(BtfVoid.Instance))])],
            [1, 0x0100_0000, 4, 0x0100_0020, 0, 0x0200_0000, 0, 0, 0x0d00_0002, 1, 5, 1, 7, 2], "\0int\0a\0b\0"),
        ["global function"] = new(() => [new BtfFunc("f", new BtfFuncProto(Int, []), BtfLinkage.Global)],
            [1, 0x0100_0000, 4, 0x0100_0020, 0, 0x0d00_0000, 1, 5, 0x0c00_0001, 2], "\0int\0f\0"),
        ["static function"] = new(() => [new BtfFunc("g", new BtfFuncProto(BtfVoid.Instance, []), BtfLinkage.Static)],
            [0, 0x0d00_0000, 0, 1, 0x0c00_0000, 1], "\0g\0"),
        ["extern function with an anonymous parameter"] = new(() => [new BtfFunc("k", new BtfFuncProto(Int, [new("", Int)]), BtfLinkage.Extern)],
            [1, 0x0100_0000, 4, 0x0100_0020, 0, 0x0d00_0001, 1, 0, 1, 5, 0x0c00_0002, 2], "\0int\0k\0"),
        ["variable"] = new(() => [new BtfVar("counter", Int, BtfLinkage.Global)],
            [1, 0x0100_0000, 4, 0x0100_0020, 5, 0x0e00_0000, 1, 1], "\0int\0counter\0"),
        ["datasec"] = new(() => [Datasec()],
            [1, 0x0100_0000, 4, 0x0100_0020, 5, 0x0e00_0000, 1, 1, 7, 0x0f00_0001, 8, 2, 4, 4], "\0int\0v\0.data\0"),
        ["identical typedefs share an id"] = new(() => [new BtfTypedef("u32", Int), new BtfTypedef("u32", Int)],
            [1, 0x0100_0000, 4, 0x0100_0020, 5, 0x0800_0000, 1], "\0int\0u32\0"),
        ["identical structs stay apart"] = new(() => [new BtfStruct("empty", 0), new BtfStruct("empty", 0)],
            [1, 0x0400_0000, 0, 1, 0x0400_0000, 0], "\0empty\0"),
    };

    public static TheoryData<string> CaseNames() => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void EncodesEachKindAsTheKernelDocumentsIt(string caseName)
    {
        BtfEncodingCase encodingCase = Cases[caseName];
        var builder = new BtfBuilder();
        foreach (BtfType root in encodingCase.Roots())
            builder.Add(root);

        byte[] btf = BtfWriter.Write(builder);

        int typeLength = BinaryPrimitives.ReadInt32LittleEndian(btf.AsSpan(12));
        int stringLength = BinaryPrimitives.ReadInt32LittleEndian(btf.AsSpan(20));
        uint[] words = [.. Enumerable.Range(0, typeLength / 4).Select(i => BinaryPrimitives.ReadUInt32LittleEndian(btf.AsSpan(24 + 4 * i)))];
        Assert.Equal(encodingCase.TypeWords.Select(word => $"0x{word:x8}"), words.Select(word => $"0x{word:x8}"));
        Assert.Equal(encodingCase.Strings, Encoding.UTF8.GetString(btf, 24 + typeLength, stringLength));
    }

    [Fact]
    public void WritesTheHeaderWithTypesThenStrings()
    {
        var builder = new BtfBuilder();
        builder.Add(new BtfInt("int", 4, BtfIntEncoding.Signed));

        byte[] btf = BtfWriter.Write(builder);

        Assert.Equal(
            "9feb0100" + "18000000" + "00000000" + "10000000" + "10000000" + "05000000"
            + "01000000" + "00000001" + "04000000" + "20000001" + "00696e7400",
            Convert.ToHexStringLower(btf));
    }

    [Theory]
    [InlineData("3com")]
    [InlineData("has space")]
    [InlineData("<Module>")]
    [InlineData("")]
    public void RejectsNamesTheKernelWouldRefuse(string name)
    {
        var builder = new BtfBuilder();

        var error = Assert.Throws<InvalidObjectModelException>(() => builder.Add(new BtfVar(name, Int, BtfLinkage.Global)));

        Assert.Contains("not a name the kernel accepts", error.Message);
    }

    [Fact]
    public void RejectsUnnamedParametersOfDefinedFunctions()
    {
        var builder = new BtfBuilder();
        var proto = new BtfFuncProto(Int, [new BtfParameter("", Int)]);

        var error = Assert.Throws<InvalidObjectModelException>(() => builder.Add(new BtfFunc("f", proto, BtfLinkage.Global)));

        Assert.Contains("every parameter of a defined function needs a name", error.Message);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(0)]
    public void RejectsIntegerSizesBtfCannotExpress(int size)
    {
        var builder = new BtfBuilder();

        Assert.Throws<InvalidObjectModelException>(() => builder.Add(new BtfInt("odd", size, BtfIntEncoding.None)));
    }

    private static BtfStruct SelfReferencingNode()
    {
        var node = new BtfStruct("node", 16);
        node.Members.Add(new BtfMember("next", new BtfPointer(node), 0));
        node.Members.Add(new BtfMember("value", Int, 64));
        return node;
    }

    private static BtfStruct Union()
    {
        var union = new BtfStruct("u", 4, isUnion: true);
        union.Members.Add(new BtfMember("a", Int, 0));
        union.Members.Add(new BtfMember("b", new BtfInt("unsigned int", 4, BtfIntEncoding.None), 0));
        return union;
    }

    private static BtfDatasec Datasec() =>
        new(".data", 8, [new BtfDatasecEntry(new BtfVar("v", Int, BtfLinkage.Global), 4, 4)]);
}
