using TraitsBpf.Compiler.Ir;

namespace TraitsBpf.Compiler.Passes;

/// <summary>
/// Unrolls small loops with a known trip count completely, as clang does. The count comes from a
/// counter (a header phi from a constant, stepped by a constant) and the loop's exits that test
/// it against constants: the header's own test, and early exits such as the second half of
/// <c>i &lt; 32 &amp;&amp; 2 * i &lt; length</c> once <c>length</c> is a constant, when they run in
/// every iteration. Other early exits (<c>break</c> on packet data) stay in each copy. Copying
/// the body keeps the verifier from walking the loop one iteration at a time and lets each copy
/// fold its constants (the six-byte MAC swap becomes six moves).
/// </summary>
internal sealed class LoopUnrolling : IPass
{
    private const int MaxTrips = 16;
    private const int MaxInstructions = 128;

    public bool Run(IrFunction function)
    {
        var dominators = new Dominators(function);
        foreach (var (header, body) in dominators.Loops(function))
        {
            if (TryUnroll(function, dominators, header, body))
            {
                return true;
            }
        }

        return false;
    }

    private static bool TryUnroll(IrFunction function, Dominators dominators, BasicBlock header, HashSet<BasicBlock> loop)
    {
        if (header.Terminator is not BranchTerminator branch || header.Instructions.Count != header.Phis.Count() + 1)
        {
            return false;
        }

        var outside = header.Predecessors.Where(p => !loop.Contains(p)).ToList();
        var latches = header.Predecessors.Where(loop.Contains).ToList();
        if (outside.Count == 0 || outside.Distinct().Count() != outside.Count || latches.Count != 1)
        {
            return false;
        }

        // With several ways in (a previous loop's exits, say), the checks read the first; the
        // counter must start at the same constant from each, and a preheader joins them later.
        var preheader = outside[0];
        var latch = latches[0];
        bool trueStays = loop.Contains(branch.IfTrue);
        if (trueStays == loop.Contains(branch.IfFalse))
        {
            return false;
        }

        var entry = trueStays ? branch.IfTrue : branch.IfFalse;
        var exit = trueStays ? branch.IfFalse : branch.IfTrue;
        var bodyBlocks = loop.Where(b => b != header).ToList();
        var earlyExits = bodyBlocks.Where(b => b.Successors.Any(s => !loop.Contains(s))).ToList();
        // Not from the latch, so that each way out of each copy is its own predecessor of the block it leaves to.
        if (entry.Predecessors.Count != 1 || earlyExits.Contains(latch))
        {
            return false;
        }

        // The counter: a header phi from a constant, stepped by a constant.
        var counter = header.Phis.FirstOrDefault(p =>
            ControlFlowEdits.IncomingFrom(p, preheader) is Constant start
            && outside.All(o => ControlFlowEdits.IncomingFrom(p, o) is Constant c && c.Value == start.Value)
            && ControlFlowEdits.IncomingFrom(p, latch) is BinaryInstruction { Op: BinaryOp.Add, Right: Constant } next
            && next.Left == p);
        if (counter is null)
        {
            return false;
        }

        // Exits that test the counter and run in every iteration bound the number of copies.
        var bounding = earlyExits.Where(b => b.Terminator is BranchTerminator && dominators.Dominates(b, latch)).ToList();
        int? copies = Copies(counter, preheader, latch, header, loop, bounding);
        int size = bodyBlocks.Sum(b => b.Instructions.Count);
        if (copies is not { } trips || trips == 0 || size * trips > MaxInstructions)
        {
            return false;
        }

        if (earlyExits.Count > 0 && !ExitValuesCanBeMerged(function, dominators, header, loop, exit, earlyExits))
        {
            return false;
        }

        if (outside.Count > 1)
        {
            preheader = InsertPreheader(function, header, outside);
        }

        Unroll(function, header, bodyBlocks, earlyExits, preheader, latch, entry, exit, trips);
        return true;
    }

    /// <summary>
    /// Joins the ways into <paramref name="header"/> from outside the loop in one new block, so that
    /// the first copy of the body has one predecessor; a header phi whose incoming values differ
    /// among them gets a phi there.
    /// </summary>
    private static BasicBlock InsertPreheader(IrFunction function, BasicBlock header, List<BasicBlock> outside)
    {
        var preheader = function.NewBlock();
        var indexes = outside.Select(o => header.Predecessors.IndexOf(o)).ToList();
        foreach (var phi in header.Phis.ToList())
        {
            var incoming = indexes.Select(i => phi.Operands[i]).ToList();
            Value joined = incoming[0];
            if (incoming.Any(v => v != joined))
            {
                var merged = new PhiInstruction(phi.Type, phi.Kind) { Id = function.NewId(), Block = preheader };
                incoming.ForEach(merged.AddIncoming);
                preheader.Instructions.Add(merged);
                joined = merged;
            }

            phi.SetOperand(indexes[0], joined);
        }

        preheader.Predecessors.AddRange(outside);
        var jump = new JumpTerminator(header) { Id = function.NewId(), Block = preheader, Location = header.Terminator?.Location };
        preheader.Instructions.Add(jump);
        foreach (var block in outside)
        {
            block.Terminator!.ReplaceSuccessor(header, preheader);
        }

        // The first way in now comes from the preheader; the others are gone from the header.
        header.Predecessors[indexes[0]] = preheader;
        foreach (var block in outside.Skip(1))
        {
            ControlFlowEdits.RemovePredecessor(header, block);
        }

        return preheader;
    }

    /// <summary>
    /// How many copies of the body run at most: the first iteration at which the header's test
    /// leaves (that many copies), or a bounding early exit leaves (one more, the copy that takes
    /// it). Null when no exit test depends on the counter alone or the loop runs too long.
    /// </summary>
    private static int? Copies(PhiInstruction counter, BasicBlock preheader, BasicBlock latch, BasicBlock header, HashSet<BasicBlock> loop, List<BasicBlock> bounding)
    {
        long value = ((Constant)ControlFlowEdits.IncomingFrom(counter, preheader)).Value;
        var next = (BinaryInstruction)ControlFlowEdits.IncomingFrom(counter, latch);
        long step = ((Constant)next.Right).Value;
        for (int iteration = 0; iteration <= MaxTrips; iteration++)
        {
            // The header's test is dropped with the header, so it must be known in every iteration.
            switch (Leaves(header, loop, counter, value))
            {
                case true:
                    return iteration;
                case null:
                    return null;
            }

            if (bounding.Any(b => Leaves(b, loop, counter, value) == true))
            {
                return iteration + 1 <= MaxTrips ? iteration + 1 : null;
            }

            value = ConstantEvaluator.Evaluate(BinaryOp.Add, value, step, counter.Type);
        }

        return null;
    }

    /// <summary>Whether <paramref name="block"/>'s branch leaves the loop when the counter is <paramref name="value"/>; null when the branch depends on more than the counter.</summary>
    private static bool? Leaves(BasicBlock block, HashSet<BasicBlock> loop, PhiInstruction counter, long value)
    {
        var branch = (BranchTerminator)block.Terminator!;
        if (Evaluate(branch.Left, counter, value, 0) is not { } left || Evaluate(branch.Right, counter, value, 0) is not { } right)
        {
            return null;
        }

        var taken = branch.Condition.Evaluate(left, right, branch.Width) ? branch.IfTrue : branch.IfFalse;
        return !loop.Contains(taken);
    }

    /// <summary>The value of <paramref name="v"/> when the counter is <paramref name="value"/>, if it is computed from the counter and constants alone.</summary>
    private static long? Evaluate(Value v, PhiInstruction counter, long value, int depth)
    {
        if (v == counter)
        {
            return value;
        }

        if (depth > 8)
        {
            return null;
        }

        return v switch
        {
            Constant c => c.Value,
            BinaryInstruction b when Evaluate(b.Left, counter, value, depth + 1) is { } l && Evaluate(b.Right, counter, value, depth + 1) is { } r
                => ConstantEvaluator.Evaluate(b.Op, l, r, b.Type),
            ConvertInstruction c when Evaluate(c.Operand, counter, value, depth + 1) is { } o => ConstantEvaluator.Evaluate(c.Op, o),
            _ => null,
        };
    }

    /// <summary>
    /// With early exits, each copy leaves with its own values. An exit block's phis take them edge
    /// by edge; any other use after the loop must be of a header phi, in code the header's exit
    /// block dominates, where a new phi merges the copies' values (which needs every way into
    /// that block to come from the loop). Anything else would need a general SSA update.
    /// </summary>
    private static bool ExitValuesCanBeMerged(IrFunction function, Dominators dominators, BasicBlock header, HashSet<BasicBlock> loop, BasicBlock exit, List<BasicBlock> earlyExits)
    {
        bool exitMerges = earlyExits.Any(b => b.Successors.Contains(exit));
        foreach (var user in function.AllInstructions.Where(i => !loop.Contains(i.Block)))
        {
            for (int k = 0; k < user.Operands.Count; k++)
            {
                if (user.Operands[k] is not Instruction defined || !loop.Contains(defined.Block))
                {
                    continue;
                }

                bool onExitEdge = user is PhiInstruction && loop.Contains(user.Block.Predecessors[k]);
                if (onExitEdge)
                {
                    continue;
                }

                bool merged = defined is PhiInstruction && defined.Block == header && dominators.Dominates(exit, user.Block)
                    && (!exitMerges || exit.Predecessors.All(loop.Contains));
                if (!merged)
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>Whether <paramref name="phi"/> has a use after the loop other than an exit phi's operand.</summary>
    private static bool UsedOutside(IrFunction function, PhiInstruction phi, IReadOnlySet<BasicBlock> loop) =>
        function.AllInstructions.Any(user => !loop.Contains(user.Block)
            && user.Operands.Select((v, k) => (v, k)).Any(o => o.v == phi && !(user is PhiInstruction && loop.Contains(user.Block.Predecessors[o.k]))));

    private static void Unroll(IrFunction function, BasicBlock header, List<BasicBlock> body, List<BasicBlock> earlyExits, BasicBlock preheader, BasicBlock latch, BasicBlock entry, BasicBlock exit, int trips)
    {
        var phis = header.Phis.ToList();
        var exitPhis = exit.Phis.ToList();
        // What each target's phis receive along each early exit edge, before the loop's blocks go.
        var earlyEdges = earlyExits
            .SelectMany(b => b.Successors.Where(t => !body.Contains(t) && t != header).Distinct().Select(t => (From: b, To: t)))
            .ToList();
        var earlyIncoming = earlyEdges.ToDictionary(e => e, e => e.To.Phis.Select(p => ControlFlowEdits.IncomingFrom(p, e.From)).ToList());
        // Where each copy leaves early, with the header's values of that iteration.
        var exitValues = new Dictionary<BasicBlock, Dictionary<Value, Value>>();
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

            // Each copy of an early exit is a new way into the block it leaves to.
            foreach (var edge in earlyEdges)
            {
                var incoming = earlyIncoming[edge];
                var targetPhis = edge.To.Phis.ToList();
                ControlFlowEdits.AddPredecessor(edge.To, blocks[edge.From], phi => Map(incoming[targetPhis.IndexOf(phi)]));
            }

            foreach (var original in earlyExits)
            {
                exitValues[blocks[original]] = new Dictionary<Value, Value>(current);
            }

            // The previous copy (or the preheader) now flows into this copy's entry instead of the header.
            previousEnd.Terminator!.ReplaceSuccessor(previousTarget, blocks[entry]);
            var latchCopy = blocks[latch];
            previousEnd = latchCopy;
            previousTarget = header;
            current = phis.ToDictionary(p => (Value)p, p => Map(ControlFlowEdits.IncomingFrom(p, latch)));
        }

        foreach (var edge in earlyEdges)
        {
            while (edge.To.Predecessors.Contains(edge.From))
            {
                ControlFlowEdits.RemovePredecessor(edge.To, edge.From);
            }
        }

        // After the last copy control leaves the loop with the header's values as they are now.
        previousEnd.Terminator!.ReplaceSuccessor(header, exit);
        int index = exit.Predecessors.IndexOf(header);
        exit.Predecessors[index] = previousEnd;
        exitValues[previousEnd] = current;
        foreach (var phi in exitPhis)
        {
            if (phi.Operands[index] is PhiInstruction p && current.TryGetValue(p, out var final))
            {
                phi.SetOperand(index, final);
            }
        }

        foreach (var phi in phis)
        {
            // Without early exits the loop leaves from one place, with the last values.
            var replacement = current[phi];
            if (earlyEdges.Any(e => e.To == exit) && UsedOutside(function, phi, new HashSet<BasicBlock>([header, .. body])))
            {
                var merged = new PhiInstruction(phi.Type, phi.Kind) { Id = function.NewId(), Block = exit };
                foreach (var predecessor in exit.Predecessors)
                {
                    merged.AddIncoming(exitValues[predecessor][phi]);
                }

                exit.Instructions.Insert(0, merged);
                replacement = merged;
            }

            function.ReplaceAllUses(phi, replacement);
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
