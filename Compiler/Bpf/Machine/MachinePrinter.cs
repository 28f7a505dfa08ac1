using TraitsBpf.Object.Format;
using TraitsBpf.Compiler.Ir;

namespace TraitsBpf.Compiler.Bpf.Machine;

/// <summary>Prints machine instructions in the kernel verifier's C-like syntax, for debugging and tests.</summary>
internal static class MachinePrinter
{
    public static string Print(MachineInstruction i)
    {
        string w = i.Is64 ? "r" : "w";
        string R(Reg r) => r.IsVirtual ? (i.Is64 ? "" : "w") + r : $"{w}{r.Number}";
        string Operand() => i.HasImm ? i.Imm.ToString(System.Globalization.CultureInfo.InvariantCulture) : R(i.Src);
        string Memory() => i.Slot is not null ? $"(r10 {i.Slot}{i.Offset:+0;-0;+0})" : $"(r{(i.Base.IsVirtual ? i.Base.ToString()[1..] : i.Base.Number)}{(i.Base.IsVirtual ? "v" : "")} {i.Offset:+0;-0;+0})";
        return i.Op switch
        {
            MachineOp.Alu => $"{R(i.Dst)} {AluSymbol(i.AluCode, i.AluOffset)}= {Operand()}",
            MachineOp.Mov => $"{R(i.Dst)} = {Operand()}",
            MachineOp.MovSx => $"{R(i.Dst)} = (s{i.Bits}){R(i.Src)}",
            MachineOp.Neg => $"{R(i.Dst)} = -{R(i.Dst)}",
            MachineOp.ByteSwap => $"{R(i.Dst)} = be{i.Bits} {R(i.Dst)}",
            MachineOp.Load => $"{R(i.Dst)} = *({(i.SignExtend ? "s" : "u")}{i.Size * 8} *){Memory()}",
            MachineOp.Store => $"*(u{i.Size * 8} *){Memory()} = {R(i.Src)}",
            MachineOp.StoreImm => $"*(u{i.Size * 8} *){Memory()} = {i.Imm}",
            MachineOp.Atomic => $"atomic#{i.AtomicCode:x} *(u{i.Size * 8} *){Memory()}, {R(i.Src)}",
            MachineOp.LoadImm64 => $"{R(i.Dst)} = {(i.Symbol ?? i.Imm.ToString(System.Globalization.CultureInfo.InvariantCulture))} ll",
            MachineOp.Jump => $"goto {i.IfTrue}",
            MachineOp.Branch => $"if {R(i.Left)} {i.Condition.ToString().ToLowerInvariant()} {Operand()} goto {i.IfTrue} else {i.IfFalse}",
            MachineOp.Call => i.CallKind == CallKind.Helper ? $"call {(int)i.HelperId}" : $"call {i.Symbol}",
            MachineOp.PacketLoad => $"r0 = *(u{i.Size * 8} *)skb[{Operand()}]",
            MachineOp.Exit => "exit",
            MachineOp.SetCond => $"{R(i.Dst)} = {R(i.Left)} {i.Condition.ToString().ToLowerInvariant()} {Operand()}",
            MachineOp.FrameAddress => $"{R(i.Dst)} = r10 {i.Slot}{i.Offset:+0;-0;+0}",
            _ => i.Op.ToString(),
        };
    }

    private static string AluSymbol(byte code, short offset) => code switch
    {
        BpfOpcode.AluAdd => "+",
        BpfOpcode.AluSub => "-",
        BpfOpcode.AluMul => "*",
        BpfOpcode.AluDiv => offset == 1 ? "s/" : "/",
        BpfOpcode.AluMod => offset == 1 ? "s%" : "%",
        BpfOpcode.AluOr => "|",
        BpfOpcode.AluAnd => "&",
        BpfOpcode.AluLsh => "<<",
        BpfOpcode.AluRsh => ">>",
        BpfOpcode.AluArsh => "s>>",
        BpfOpcode.AluXor => "^",
        _ => "?",
    };
}
