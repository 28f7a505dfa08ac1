using TraitsBpf.Compiler.Bpf.Machine;

namespace TraitsBpf.Compiler.Bpf.Emission;

/// <summary>
/// Removes instructions that allocation made redundant: self-moves, and zero-extensions of a
/// register the previous instruction already zero-extended (32-bit ALU results, narrow loads).
/// </summary>
internal static class Peephole
{
    public static void Run(MachineFunction function)
    {
        foreach (var block in function.Blocks)
        {
            var kept = new List<MachineInstruction>(block.Instructions.Count);
            foreach (var instruction in block.Instructions)
            {
                if (instruction.Op == MachineOp.Mov && !instruction.HasImm && instruction.Dst == instruction.Src
                    && (instruction.Is64 || (kept.Count > 0 && ZeroExtends(kept[^1], instruction.Dst))))
                {
                    continue;
                }

                kept.Add(instruction);
            }

            block.Instructions.Clear();
            block.Instructions.AddRange(kept);
        }
    }

    /// <summary>Whether <paramref name="instruction"/> leaves <paramref name="register"/> with its upper 32 bits zero.</summary>
    private static bool ZeroExtends(MachineInstruction instruction, Reg register)
    {
        if (!instruction.Defs().Contains(register) || instruction.Op == MachineOp.Call)
        {
            return false;
        }

        return instruction.Op switch
        {
            MachineOp.Alu or MachineOp.Mov or MachineOp.MovSx or MachineOp.Neg => !instruction.Is64,
            MachineOp.Load => instruction.Size < 8 && !instruction.SignExtend,
            MachineOp.ByteSwap => instruction.Bits < 64,
            MachineOp.SetCond => true,
            _ => false,
        };
    }
}
