using TraitsBpf.Object.Format;

namespace TraitsBpf.Object.Disassembly;

/// <summary>
/// Spells jumps, calls and exit: "if r2 &gt; r3 goto +5", "if w1 &amp; 255 goto +1", "goto -2",
/// "gotol +100000", "may_goto +3", "call 1" (helper) or "call -1" (BPF function, clang's form
/// before relocation), "call kfunc#1234" (kernel function resolved by libbpf), "exit".
/// </summary>
internal static class JumpFormatter
{
    // may_goto (BPF_JCOND), newer than the opcode table the compiler needs.
    private const int Conditional = 0xe0;

    public static string? Format(BpfInstruction instruction)
    {
        bool is32Bit = instruction.Class == BpfOpcode.ClassJmp32;
        switch (instruction.Operation)
        {
            case BpfOpcode.JmpJa when !instruction.UsesRegister:
                return is32Bit ? $"gotol {OperandText.Signed(instruction.Immediate)}" : $"goto {OperandText.Signed(instruction.Offset)}";
            case BpfOpcode.JmpCall when !is32Bit && !instruction.UsesRegister:
                return instruction.Src == BpfOpcode.CallKfunc ? $"call kfunc#{OperandText.Decimal(instruction.Immediate)}" : $"call {OperandText.Decimal(instruction.Immediate)}";
            case BpfOpcode.JmpExit when !is32Bit && !instruction.UsesRegister:
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
        BpfOpcode.JmpJeq => "==",
        BpfOpcode.JmpJgt => ">",
        BpfOpcode.JmpJge => ">=",
        BpfOpcode.JmpJset => "&",
        BpfOpcode.JmpJne => "!=",
        BpfOpcode.JmpJsgt => "s>",
        BpfOpcode.JmpJsge => "s>=",
        BpfOpcode.JmpJlt => "<",
        BpfOpcode.JmpJle => "<=",
        BpfOpcode.JmpJslt => "s<",
        BpfOpcode.JmpJsle => "s<=",
        _ => null,
    };
}
