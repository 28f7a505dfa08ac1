using System.Globalization;
using TraitsBpf.Object.Format;

namespace TraitsBpf.Object.Disassembly;

/// <summary>The operand spellings llvm-objdump uses for BPF: registers, memory references, signed offsets.</summary>
internal static class OperandText
{
    public static string Register(int number, bool is32Bit) => (is32Bit ? "w" : "r") + number.ToString(CultureInfo.InvariantCulture);

    public static string Decimal(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A 64-bit immediate in hex, signed as llvm-objdump --print-imm-hex prints it.</summary>
    public static string Hex(long value) => value < 0 ? "-0x" + unchecked((ulong)-value).ToString("x", CultureInfo.InvariantCulture) : "0x" + value.ToString("x", CultureInfo.InvariantCulture);

    /// <summary>A jump distance with an explicit sign: "+3", "-2", "+0".</summary>
    public static string Signed(long value) => (value >= 0 ? "+" : "") + Decimal(value);

    /// <summary>"(r10 - 4)" / "(r1 + 0)".</summary>
    public static string Address(int register, short offset) =>
        $"(r{register} {(offset < 0 ? "-" : "+")} {Decimal(Math.Abs((int)offset))})";

    /// <summary>"u8", "u16", "u32", "u64" (or "s8".. for sign-extending loads) from a load/store size field.</summary>
    public static string Width(int sizeField, bool signed) => (signed ? "s" : "u") + (sizeField switch
    {
        BpfOpcode.SizeW => "32",
        BpfOpcode.SizeH => "16",
        BpfOpcode.SizeB => "8",
        _ => "64",
    });
}
