using TraitsBpf.Compiler.Ir;

namespace TraitsBpf.Compiler.Passes;

/// <summary>Removes instructions whose results nothing uses and that have no other effect.</summary>
internal sealed class DeadCodeElimination : IPass
{
    public bool Run(IrFunction function)
    {
        bool changed = false;
        bool progress = true;
        while (progress)
        {
            progress = false;
            var used = new HashSet<Value>();
            foreach (var instruction in function.AllInstructions)
            {
                foreach (var operand in instruction.Operands)
                {
                    if (operand != instruction)
                    {
                        used.Add(operand);
                    }
                }
            }

            foreach (var block in function.Blocks)
            {
                int removed = block.Instructions.RemoveAll(i => !i.HasSideEffects && !used.Contains(i));
                progress |= removed > 0;
            }

            changed |= progress;
        }

        return changed;
    }
}
