using TraitsBpf.Compiler.Ir;

namespace TraitsBpf.Compiler.Passes;

/// <summary>
/// Checks the IR's structural invariants after construction and every pass: one terminator per
/// block, at the end; phis first, one operand per predecessor; predecessor lists that match the
/// successors; operands defined in the function; and, once the passes are done, every value
/// defined before its uses, as passes that thread or remove edges must keep them. A failure is
/// a compiler bug, reported with the pass (or stage) after which it was found.
/// </summary>
internal static class IrVerifier
{
    public static void Verify(IrFunction function, string after)
    {
        var blocks = function.Blocks.ToHashSet();
        var defined = function.AllInstructions.ToHashSet<Value>();
        foreach (var block in function.Blocks)
        {
            if (block.Terminator is null)
            {
                Fail(function, after, $"B{block.Id} has no terminator");
            }

            bool seenOther = false;
            for (int i = 0; i < block.Instructions.Count; i++)
            {
                var instruction = block.Instructions[i];
                if (instruction.Block != block)
                {
                    Fail(function, after, $"%{instruction.Id} in B{block.Id} thinks it is in B{instruction.Block.Id}");
                }

                if (instruction is Terminator && i != block.Instructions.Count - 1)
                {
                    Fail(function, after, $"B{block.Id} has a terminator before its end");
                }

                if (instruction is PhiInstruction)
                {
                    if (seenOther)
                    {
                        Fail(function, after, $"phi %{instruction.Id} in B{block.Id} follows a non-phi");
                    }

                    if (instruction.Operands.Count != block.Predecessors.Count)
                    {
                        Fail(function, after, $"phi %{instruction.Id} in B{block.Id} has {instruction.Operands.Count} operands for {block.Predecessors.Count} predecessors");
                    }
                }
                else
                {
                    seenOther = true;
                }

                foreach (var operand in instruction.Operands)
                {
                    if (operand is Instruction definition && !defined.Contains(definition))
                    {
                        Fail(function, after, $"%{instruction.Id} in B{block.Id} uses %{definition.Id}, which is not in the function");
                    }

                    if (operand is Parameter p && !function.Parameters.Contains(p))
                    {
                        Fail(function, after, $"%{instruction.Id} uses a parameter of another function");
                    }
                }
            }

            foreach (var successor in block.Successors)
            {
                if (!blocks.Contains(successor))
                {
                    Fail(function, after, $"B{block.Id} jumps to a block not in the function");
                }

                if (successor.Predecessors.Count(p => p == block) != 1)
                {
                    Fail(function, after, $"B{successor.Id} does not list B{block.Id} exactly once as a predecessor");
                }
            }

            foreach (var predecessor in block.Predecessors)
            {
                if (!predecessor.Successors.Contains(block))
                {
                    Fail(function, after, $"B{block.Id} lists B{predecessor.Id} as a predecessor, which does not jump to it");
                }
            }
        }

    }

    /// <summary>
    /// Checks that every value is defined before each use on every path (a phi's operand by the
    /// end of its predecessor). Dearer than the structural checks, so the pipeline runs it once
    /// its passes are done, before the backend sees the function.
    /// </summary>
    public static void VerifyDefinitionsDominateUses(IrFunction function, string after)
    {
        var dominators = new Dominators(function);
        var earlier = new HashSet<Instruction>();
        foreach (var block in function.Blocks)
        {
            earlier.Clear();
            foreach (var instruction in block.Instructions)
            {
                for (int o = 0; o < instruction.Operands.Count; o++)
                {
                    if (instruction.Operands[o] is not Instruction definition || definition == instruction && instruction is PhiInstruction)
                    {
                        continue;
                    }

                    // Where the value is needed: the end of the phi's predecessor, or the user's block. Unreachable code, which a later pass removes, needs nothing.
                    var at = instruction is PhiInstruction ? block.Predecessors[o] : block;
                    bool dominated = definition.Block == at && instruction is not PhiInstruction
                        ? earlier.Contains(definition)
                        : dominators.Dominates(definition.Block, at);
                    if (!dominated && dominators.Dominates(function.Entry, at))
                    {
                        function.Renumber();
                        Fail(function, after, $"%{instruction.Id} in B{block.Id} uses %{definition.Id} of B{definition.Block.Id}, which does not come before it on every path");
                    }
                }

                earlier.Add(instruction);
            }
        }
    }

    private static void Fail(IrFunction function, string after, string problem) =>
        throw new InvalidOperationException($"internal compiler error after {after} in {function.Name}: {problem}\n{function}");
}
