using TraitsBpf.Compiler.Ir;

namespace TraitsBpf.Compiler.Passes;

/// <summary>
/// Unrolls small loops with a known trip count completely, as clang does: a counter from a
/// constant, stepped by a constant, tested against a constant in the loop header, which is the
/// loop's only exit. Copying the body keeps the verifier from walking the loop one iteration at a
/// time and lets each copy fold its constants (the six-byte MAC swap becomes six moves).
/// </summary>
internal sealed class LoopUnrolling : IPass
{
    private const int MaxTrips = 16;
    private const int MaxInstructions = 96;

    public bool Run(IrFunction function)
    {
        var dominators = new Dominators(function);
        foreach (var (header, body) in dominators.Loops(function))
        {
            if (TryUnroll(function, header, body))
            {
                return true;
            }
        }

        return false;
    }

    private static bool TryUnroll(IrFunction function, BasicBlock header, HashSet<BasicBlock> loop)
    {
        if (header.Terminator is not BranchTerminator branch || header.Instructions.Count != header.Phis.Count() + 1)
        {
            return false;
        }

        var outside = header.Predecessors.Where(p => !loop.Contains(p)).ToList();
        var latches = header.Predecessors.Where(loop.Contains).ToList();
        if (outside.Count != 1 || latches.Count != 1)
        {
            return false;
        }

        var preheader = outside[0];
        var latch = latches[0];
        bool trueStays = loop.Contains(branch.IfTrue);
        if (trueStays == loop.Contains(branch.IfFalse))
        {
            return false;
        }

        var entry = trueStays ? branch.IfTrue : branch.IfFalse;
        var exit = trueStays ? branch.IfFalse : branch.IfTrue;
        var stay = trueStays ? branch.Condition : branch.Condition.Negate();
        var bodyBlocks = loop.Where(b => b != header).ToList();
        if (entry.Predecessors.Count != 1 || bodyBlocks.Any(b => b.Successors.Any(s => !loop.Contains(s))))
        {
            return false;
        }

        // The counter: a header phi from a constant, stepped by a constant, compared with a constant.
        if (branch.Left is not PhiInstruction counter || counter.Block != header || branch.Right is not Constant limit
            || ControlFlowEdits.IncomingFrom(counter, preheader) is not Constant start
            || ControlFlowEdits.IncomingFrom(counter, latch) is not BinaryInstruction { Op: BinaryOp.Add, Right: Constant step } next
            || next.Left != counter)
        {
            return false;
        }

        int trips = 0;
        long value = start.Value;
        while (stay.Evaluate(value, limit.Value, branch.Width))
        {
            if (++trips > MaxTrips)
            {
                return false;
            }

            value = ConstantEvaluator.Evaluate(BinaryOp.Add, value, step.Value, counter.Type);
        }

        int size = bodyBlocks.Sum(b => b.Instructions.Count);
        if (trips == 0 || size * trips > MaxInstructions)
        {
            return false;
        }

        Unroll(function, header, bodyBlocks, preheader, latch, entry, exit, trips);
        return true;
    }

    private static void Unroll(IrFunction function, BasicBlock header, List<BasicBlock> body, BasicBlock preheader, BasicBlock latch, BasicBlock entry, BasicBlock exit, int trips)
    {
        var phis = header.Phis.ToList();
        var current = phis.ToDictionary(p => (Value)p, p => ControlFlowEdits.IncomingFrom(p, preheader));
        BasicBlock previousEnd = preheader;
        BasicBlock previousTarget = header;
        foreach (int trip in Enumerable.Range(0, trips))
        {
            var blocks = body.ToDictionary(b => b, _ => function.NewBlock());
            var values = new Dictionary<Value, Value>(current);
            Value Map(Value v) => values.TryGetValue(v, out var mapped) ? mapped : v;
            BasicBlock MapBlock(BasicBlock b) => blocks.TryGetValue(b, out var mapped) ? mapped : b;

            // Copy instructions in an order where definitions come first (dominance order of the body).
            foreach (var original in body)
            {
                foreach (var instruction in original.Instructions)
                {
                    var copy = InstructionCloner.Clone(instruction, v => v, MapBlock);
                    copy.Id = function.NewId();
                    copy.Block = blocks[original];
                    blocks[original].Instructions.Add(copy);
                    values[instruction] = copy;
                }
            }

            foreach (var copy in blocks.Values.SelectMany(b => b.Instructions))
            {
                for (int i = 0; i < copy.Operands.Count; i++)
                {
                    copy.SetOperand(i, Map(copy.Operands[i]));
                }
            }

            foreach (var (original, copy) in blocks)
            {
                copy.Predecessors.AddRange(original.Predecessors.Select(p => p == header ? previousEnd : MapBlock(p)));
            }

            // The previous copy (or the preheader) now flows into this copy's entry instead of the header.
            previousEnd.Terminator!.ReplaceSuccessor(previousTarget, blocks[entry]);
            var latchCopy = blocks[latch];
            previousEnd = latchCopy;
            previousTarget = header;
            current = phis.ToDictionary(p => (Value)p, p => Map(ControlFlowEdits.IncomingFrom(p, latch)));
        }

        // After the last copy control leaves the loop with the header's values as they are now.
        previousEnd.Terminator!.ReplaceSuccessor(header, exit);
        int index = exit.Predecessors.IndexOf(header);
        exit.Predecessors[index] = previousEnd;
        foreach (var phi in phis)
        {
            function.ReplaceAllUses(phi, current[phi]);
        }

        header.Instructions.Clear();
        header.Predecessors.Clear();
        foreach (var original in body)
        {
            original.Instructions.Clear();
            original.Predecessors.Clear();
        }

        function.Blocks.Remove(header);
        function.Blocks.RemoveAll(body.Contains);
    }
}
