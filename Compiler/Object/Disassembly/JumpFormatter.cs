namespace TraitsBpf.Compiler.Object.Disassembly;

/// <summary>
/// Spells jumps, calls and exit: "if r2 &gt; r3 goto +5", "if w1 &amp; 255 goto +1", "goto -2",
/// "gotol +100000", "may_goto +3", "call 1" (helper) or "call -1" (BPF function, clang's form
/// before relocation), "call kfunc#1234" (kernel function resolved by libbpf), "exit".
/// </summary>
internal static class JumpFormatter
{
    private const int Always = 0x00, Call = 0x80, Exit = 0x90, Conditional = 0xe0;
    private const int PseudoKfuncCall = 2;

    public static string? Format(BpfInstruction instruction)
    {
        bool is32Bit = instruction.Class == BpfInstruction.ClassJump32;
        switch (instruction.Operation)
        {
            case Always when !instruction.UsesRegister:
                return is32Bit ? $"gotol {OperandText.Signed(instruction.Immediate)}" : $"goto {OperandText.Signed(instruction.Offset)}";
            case Call when !is32Bit && !instruction.UsesRegister:
                return instruction.Src == PseudoKfuncCall ? $"call kfunc#{OperandText.Decimal(instruction.Immediate)}" : $"call {OperandText.Decimal(instruction.Immediate)}";
            case Exit when !is32Bit && !instruction.UsesRegister:
                return "exit";
            case Conditional when !is32Bit && !instruction.UsesRegister:
                return $"may_goto {OperandText.Signed(instruction.Offset)}";
        }
        string? comparison = Comparison(instruction.Operation);
        if (comparison is null)
            return null;
        string left = OperandText.Register(instruction.Dst, is32Bit);
        string right = instruction.UsesRegister ? OperandText.Register(instruction.Src, is32Bit) : OperandText.Decimal(instruction.Immediate);
        return $"if {left} {comparison} {right} goto {OperandText.Signed(instruction.Offset)}";
    }

    private static string? Comparison(int operation) => operation switch
    {
        0x10 => "==",
        0x20 => ">",
        0x30 => ">=",
        0x40 => "&",
        0x50 => "!=",
        0x60 => "s>",
        0x70 => "s>=",
        0xa0 => "<",
        0xb0 => "<=",
        0xc0 => "s<",
        0xd0 => "s<=",
        _ => null,
    };
}
