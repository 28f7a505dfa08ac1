using TraitsBpf.Compiler.Bpf.Machine;
using TraitsBpf.Compiler.Bpf.Registers;

namespace TraitsBpf.Compiler.Bpf.Selection;

/// <summary>
/// Removes machine instructions whose result no one reads and that do nothing else: what phi
/// copies, folded addresses and materialized constants leave behind. Loads count as removable:
/// the verifier proves every load in bounds, so none can fault.
/// </summary>
internal static class MachineDeadCode
{
    public static void Remove(MachineFunction function)
    {
        bool changed = true;
        while (changed)
        {
            changed = false;
            var liveness = Liveness.Compute(function);
            foreach (var block in function.Blocks)
            {
                var live = new HashSet<Reg>(liveness.LiveOut[block]);
                for (int i = block.Instructions.Count - 1; i >= 0; i--)
                {
                    var instruction = block.Instructions[i];
                    if (IsPure(instruction) && !live.Contains(instruction.Dst) && instruction.Dst.IsVirtual)
                    {
                        block.Instructions.RemoveAt(i);
                        changed = true;
                        continue;
                    }

                    foreach (var d in instruction.Defs())
                    {
                        live.Remove(d);
                    }

                    foreach (var u in instruction.Uses())
                    {
                        live.Add(u);
                    }
                }
            }
        }
    }

    private static bool IsPure(MachineInstruction instruction) => instruction.Op is MachineOp.Alu or MachineOp.Mov or MachineOp.MovSx
        or MachineOp.Neg or MachineOp.ByteSwap or MachineOp.Load or MachineOp.LoadImm64 or MachineOp.SetCond or MachineOp.FrameAddress;
}
