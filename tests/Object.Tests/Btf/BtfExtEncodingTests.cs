using TraitsBpf.Object.Writing;

namespace TraitsBpf.Object.Tests.Btf;

/// <summary>.BTF.ext against bytes clang wrote.</summary>
public sealed class BtfExtEncodingTests
{
    /// <summary>
    /// clang's .BTF.ext for <c>SEC("xdp") int xdp_pass(struct xdp_md *ctx) { return XDP_PASS; }</c>:
    /// section name "xdp" at string 0x72, FUNC id 7, the file name at 0x76, the line text at 0x84,
    /// line 6 column 2. Offsets are in bytes and the CO-RE block is present but empty.
    /// </summary>
    [Fact]
    public void MatchesClangForOneFunctionWithOneLine()
    {
        byte[] ext = BtfExtWriter.Write([new BtfExtSection(0x72, [new FuncInfoEntry(0, 7)], [new LineInfoEntry(0, 0x76, 0x84, 6, 2)], [])]);

        Assert.Equal(
            "9feb0100200000000000000014000000140000001c0000003000000000000000"
            + "08000000720000000100000000000000070000001000000072000000010000000000000076000000840000000218"
            + "0000",
            Convert.ToHexStringLower(ext));
    }

    [Fact]
    public void WritesInstructionOffsetsInBytesAndLeavesOutAnEmptyLineBlock()
    {
        byte[] ext = BtfExtWriter.Write([new BtfExtSection(1, [new FuncInfoEntry(0, 2), new FuncInfoEntry(3, 4)], [], [])]);

        Assert.Equal(
            "9feb0100" + "20000000" + "00000000" + "1c000000" + "1c000000" + "00000000" + "1c000000" + "00000000"
            + "08000000" + "01000000" + "02000000" + "00000000" + "02000000" + "18000000" + "04000000",
            Convert.ToHexStringLower(ext));
    }

    /// <summary>
    /// The CO-RE block follows func_info and line_info (its offset is their two lengths, as in clang's objects): a record
    /// size of 16, then per section its name, count and records of instruction byte offset, root type id, access
    /// string offset and kind.
    /// </summary>
    [Fact]
    public void WritesTheCoreRelocationBlockAfterTheLines()
    {
        byte[] ext = BtfExtWriter.Write([new BtfExtSection(1, [new FuncInfoEntry(0, 7)], [], [new CoreRelocationEntry(1, 7, 0x99, 0), new CoreRelocationEntry(3, 11, 0x9d, 0)])]);

        Assert.Equal(
            "9feb0100" + "20000000" + "00000000" + "14000000" + "14000000" + "00000000" + "14000000" + "2c000000"
            + "08000000" + "01000000" + "01000000" + "00000000" + "07000000"
            + "10000000" + "01000000" + "02000000"
            + "08000000" + "07000000" + "99000000" + "00000000"
            + "18000000" + "0b000000" + "9d000000" + "00000000",
            Convert.ToHexStringLower(ext));
    }
}
