using TraitsBpf.Object.Format;

namespace TraitsBpf.Object.Disassembly;

/// <summary>Spells ALU and ALU64 instructions: "r0 += r1", "w3 s>>= 2", "r1 = be16 r1", and the ISA v4 forms "r0 s/= r1", "r1 = (s8)r2", "r1 = bswap32 r1".</summary>
internal static class AluFormatter
{
    public static string? Format(BpfInstruction instruction)
    {
        bool is32Bit = instruction.Class == BpfOpcode.ClassAlu;
        string dst = OperandText.Register(instruction.Dst, is32Bit);
        switch (instruction.Operation)
        {
            case BpfOpcode.AluNeg:
                return instruction.UsesRegister ? null : $"{dst} = -{dst}";
            case BpfOpcode.AluEnd:
                return Endian(instruction);
            case BpfOpcode.AluMov when instruction.UsesRegister && instruction.Offset is 8 or 16 or 32:
                return $"{dst} = (s{instruction.Offset}){OperandText.Register(instruction.Src, is32Bit)}";
        }

        string? assignment = Assignment(instruction.Operation, signed: instruction.Offset == 1 && instruction.Operation is BpfOpcode.AluDiv or BpfOpcode.AluMod);
        if (assignment is null || instruction.Offset != 0 && !(instruction.Offset == 1 && instruction.Operation is BpfOpcode.AluDiv or BpfOpcode.AluMod))
            return null;
        string source = instruction.UsesRegister ? OperandText.Register(instruction.Src, is32Bit) : OperandText.Decimal(instruction.Immediate);
        return $"{dst} {assignment} {source}";
    }

    private static string? Assignment(int operation, bool signed) => operation switch
    {
        BpfOpcode.AluAdd => "+=",
        BpfOpcode.AluSub => "-=",
        BpfOpcode.AluMul => "*=",
        BpfOpcode.AluDiv => signed ? "s/=" : "/=",
        BpfOpcode.AluOr => "|=",
        BpfOpcode.AluAnd => "&=",
        BpfOpcode.AluLsh => "<<=",
        BpfOpcode.AluRsh => ">>=",
        BpfOpcode.AluMod => signed ? "s%=" : "%=",
        BpfOpcode.AluXor => "^=",
        BpfOpcode.AluMov => "=",
        BpfOpcode.AluArsh => "s>>=",
        _ => null,
    };

    /// <summary>BPF_END: in ALU it converts to ("be") or from little endian ("le"); in ALU64 (v4) it swaps unconditionally.</summary>
    private static string? Endian(BpfInstruction instruction)
    {
        if (instruction.Immediate is not (16 or 32 or 64))
            return null;
        string register = OperandText.Register(instruction.Dst, is32Bit: false);
        string operation = instruction.Class == BpfOpcode.ClassAlu64 ? "bswap" : instruction.UsesRegister ? "be" : "le";
        if (instruction.Class == BpfOpcode.ClassAlu64 && instruction.UsesRegister)
            return null;
        return $"{register} = {operation}{instruction.Immediate} {register}";
    }
}
