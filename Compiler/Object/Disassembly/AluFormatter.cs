namespace TraitsBpf.Compiler.Object.Disassembly;

/// <summary>Spells ALU and ALU64 instructions: "r0 += r1", "w3 s>>= 2", "r1 = be16 r1", and the ISA v4 forms "r0 s/= r1", "r1 = (s8)r2", "r1 = bswap32 r1".</summary>
internal static class AluFormatter
{
    private const int Neg = 0x80, Mov = 0xb0, End = 0xd0, Div = 0x30, Mod = 0x90;

    public static string? Format(BpfInstruction instruction)
    {
        bool is32Bit = instruction.Class == BpfInstruction.ClassAlu;
        string dst = OperandText.Register(instruction.Dst, is32Bit);
        switch (instruction.Operation)
        {
            case Neg:
                return instruction.UsesRegister ? null : $"{dst} = -{dst}";
            case End:
                return Endian(instruction);
            case Mov when instruction.UsesRegister && instruction.Offset is 8 or 16 or 32:
                return $"{dst} = (s{instruction.Offset}){OperandText.Register(instruction.Src, is32Bit)}";
        }

        string? assignment = Assignment(instruction.Operation, signed: instruction.Offset == 1 && instruction.Operation is Div or Mod);
        if (assignment is null || instruction.Offset != 0 && !(instruction.Offset == 1 && instruction.Operation is Div or Mod))
            return null;
        string source = instruction.UsesRegister ? OperandText.Register(instruction.Src, is32Bit) : OperandText.Decimal(instruction.Immediate);
        return $"{dst} {assignment} {source}";
    }

    private static string? Assignment(int operation, bool signed) => operation switch
    {
        0x00 => "+=",
        0x10 => "-=",
        0x20 => "*=",
        0x30 => signed ? "s/=" : "/=",
        0x40 => "|=",
        0x50 => "&=",
        0x60 => "<<=",
        0x70 => ">>=",
        0x90 => signed ? "s%=" : "%=",
        0xa0 => "^=",
        0xb0 => "=",
        0xc0 => "s>>=",
        _ => null,
    };

    /// <summary>BPF_END: in ALU it converts to ("be") or from little endian ("le"); in ALU64 (v4) it swaps unconditionally.</summary>
    private static string? Endian(BpfInstruction instruction)
    {
        if (instruction.Immediate is not (16 or 32 or 64))
            return null;
        string register = OperandText.Register(instruction.Dst, is32Bit: false);
        string operation = instruction.Class == BpfInstruction.ClassAlu64 ? "bswap" : instruction.UsesRegister ? "be" : "le";
        if (instruction.Class == BpfInstruction.ClassAlu64 && instruction.UsesRegister)
            return null;
        return $"{register} = {operation}{instruction.Immediate} {register}";
    }
}
