using TraitsBpf.Object.Format;

namespace TraitsBpf.Object.Disassembly;

/// <summary>
/// Spells loads and stores: "r1 = *(u32 *)(r1 + 0)", "*(u64 *)(r10 - 8) = r1", "*(u32 *)(r10 - 4) = 0",
/// sign-extending loads "r1 = *(s8 *)(r2 + 0)", the classic packet loads (LD_ABS, LD_IND), and atomics
/// ("lock *(u64 *)(r1 + 0) += r2", "r2 = atomic_fetch_add((u64 *)(r1 + 0), r2)", "r0 = cmpxchg_64(r1 + 0, r0, r2)").
/// </summary>
internal static class MemoryFormatter
{
    private const int Fetch = 0x01, Exchange = 0xe0 | Fetch, CompareExchange = 0xf0 | Fetch;

    /// <summary>A 64-bit immediate load, given both slots' immediates.</summary>
    public static string FormatLoadImmediate64(BpfInstruction first, BpfInstruction second)
    {
        long value = (long)((ulong)(uint)second.Immediate << 32 | (uint)first.Immediate);
        return first.Src == 0
            ? $"r{first.Dst} = {OperandText.Hex(value)} ll"
            : $"ld_pseudo\tr{first.Dst}, {first.Src}, {OperandText.Decimal(value)}";
    }

    public static string? Format(BpfInstruction instruction) => instruction.Class switch
    {
        BpfOpcode.ClassLd => PacketLoad(instruction),
        BpfOpcode.ClassLdx when instruction.Mode is BpfOpcode.ModeMem or BpfOpcode.ModeMemSx && !(instruction.Mode == BpfOpcode.ModeMemSx && instruction.SizeField == BpfOpcode.SizeDw) =>
            $"r{instruction.Dst} = *({OperandText.Width(instruction.SizeField, instruction.Mode == BpfOpcode.ModeMemSx)} *){OperandText.Address(instruction.Src, instruction.Offset)}",
        BpfOpcode.ClassSt when instruction.Mode == BpfOpcode.ModeMem =>
            $"*({OperandText.Width(instruction.SizeField, false)} *){OperandText.Address(instruction.Dst, instruction.Offset)} = {OperandText.Decimal(instruction.Immediate)}",
        BpfOpcode.ClassStx when instruction.Mode == BpfOpcode.ModeMem =>
            $"*({OperandText.Width(instruction.SizeField, false)} *){OperandText.Address(instruction.Dst, instruction.Offset)} = r{instruction.Src}",
        BpfOpcode.ClassStx when instruction.Mode == BpfOpcode.ModeAtomic && instruction.SizeField is BpfOpcode.SizeDw or BpfOpcode.SizeW => Atomic(instruction),
        _ => null,
    };

    private static string? PacketLoad(BpfInstruction instruction)
    {
        string width = OperandText.Width(instruction.SizeField, false);
        return instruction.Mode switch
        {
            BpfOpcode.ModeAbs => $"r0 = *({width} *)skb[{OperandText.Decimal(instruction.Immediate)}]",
            BpfOpcode.ModeInd when instruction.Immediate == 0 => $"r0 = *({width} *)skb[r{instruction.Src}]",
            BpfOpcode.ModeInd => $"r0 = *({width} *)skb[r{instruction.Src} + {OperandText.Decimal(instruction.Immediate)}]",
            BpfOpcode.ModeImm => null,
            _ => null,
        };
    }

    private static string? Atomic(BpfInstruction instruction)
    {
        bool is64Bit = instruction.SizeField == BpfOpcode.SizeDw;
        string width = OperandText.Width(instruction.SizeField, false);
        string address = OperandText.Address(instruction.Dst, instruction.Offset);
        string bareAddress = address[1..^1];
        string source = OperandText.Register(instruction.Src, !is64Bit);
        string? operation = (instruction.Immediate & ~Fetch) switch
        {
            BpfOpcode.AluAdd => "add",
            BpfOpcode.AluOr => "or",
            BpfOpcode.AluAnd => "and",
            BpfOpcode.AluXor => "xor",
            _ => null,
        };
        if (instruction.Immediate == Exchange)
            return $"{source} = {(is64Bit ? "xchg_64" : "xchg32_32")}({bareAddress}, {source})";
        if (instruction.Immediate == CompareExchange)
        {
            string r0 = OperandText.Register(0, !is64Bit);
            return $"{r0} = {(is64Bit ? "cmpxchg_64" : "cmpxchg32_32")}({bareAddress}, {r0}, {source})";
        }
        if (operation is null)
            return null;
        if ((instruction.Immediate & Fetch) != 0)
            return $"{source} = atomic_fetch_{operation}(({width} *){address}, {source})";
        string assignment = operation switch
        {
            "add" => "+=",
            "or" => "|=",
            "and" => "&=",
            _ => "^=",
        };
        // llvm-objdump names the source register rN even for 32-bit atomics without fetch.
        return $"lock *({width} *){address} {assignment} r{instruction.Src}";
    }
}
