using TraitsBpf.Compiler.Diagnostics;
using TraitsBpf.Compiler.Ir;

namespace TraitsBpf.Compiler.Passes;

/// <summary>
/// Requires every loop to have a bound the compiler can see: an exit test of a counter that
/// moves by a constant step toward a limit that is a constant or a value of known small range
/// (a byte or 16-bit field, a masked value). The verifier walks bounded loops one iteration at a
/// time; a loop without such a bound would fail there with a long log and no C# line, so it is
/// refused here with one. In a subprogram the limit may also be computed from its parameters
/// alone: the verifier checks a static subprogram at each call with the arguments' ranges
/// there, so whether such a loop is bounded is left to it.
/// </summary>
internal static class LoopBoundCheck
{
    private const long MaxBound = 0xFFFF;

    public static void Check(IrFunction function)
    {
        var dominators = new Dominators(function);
        foreach (var (header, body) in dominators.Loops(function))
        {
            if (!IsBounded(header, body, !function.IsProgram))
            {
                var location = header.Instructions.Select(i => i.Location).FirstOrDefault(l => l is not null)
                    ?? body.SelectMany(b => b.Instructions).Select(i => i.Location).FirstOrDefault(l => l is not null);
                throw new CompileException(
                    "this loop has no bound the compiler can prove; give it a counter compared with a constant limit, e.g. 'for (int i = 0; i < 64; i++)', and 'break' out of it",
                    location,
                    function.SourceMethod);
            }
        }
    }

    /// <summary>Whether the loop of <paramref name="header"/> has an exit test that bounds it, as this check requires.</summary>
    public static bool IsBounded(BasicBlock header, HashSet<BasicBlock> body, bool inSubprogram)
    {
        foreach (var block in body)
        {
            if (block.Terminator is not BranchTerminator branch)
            {
                continue;
            }

            bool trueInside = body.Contains(branch.IfTrue);
            bool falseInside = body.Contains(branch.IfFalse);
            if (trueInside == falseInside)
            {
                continue;
            }

            var stay = trueInside ? branch.Condition : branch.Condition.Negate();
            if (Bounds(header, body, stay, branch.Left, branch.Right, inSubprogram) || Bounds(header, body, stay.Swap(), branch.Right, branch.Left, inSubprogram))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether staying in the loop while <c>counter stay limit</c> bounds it.</summary>
    private static bool Bounds(BasicBlock header, HashSet<BasicBlock> body, Condition stay, Value counter, Value limit, bool inSubprogram)
    {
        if (counter is BinaryInstruction { Op: BinaryOp.Add, Right: Constant } offset)
        {
            counter = offset.Left;
        }

        if (counter is not PhiInstruction phi || phi.Block != header || !IsInvariant(limit, body)
            || (MaxOf(limit) is null && !(inSubprogram && FromParameters(limit, 4))))
        {
            return false;
        }

        long? step = null;
        for (int i = 0; i < phi.Operands.Count; i++)
        {
            bool fromInside = body.Contains(header.Predecessors[i]);
            var incoming = phi.Operands[i];
            if (!fromInside)
            {
                if (incoming is not Constant)
                {
                    return false;
                }

                continue;
            }

            long? s = incoming switch
            {
                BinaryInstruction { Op: BinaryOp.Add, Right: Constant c } add when add.Left == phi => c.Value,
                BinaryInstruction { Op: BinaryOp.Sub, Right: Constant c } sub when sub.Left == phi => -c.Value,
                _ => null,
            };
            if (s is null or 0 || (step is not null && Math.Sign(step.Value) != Math.Sign(s.Value)))
            {
                return false;
            }

            step = s;
        }

        if (step is null)
        {
            return false;
        }

        return step > 0
            ? stay is Condition.Lt or Condition.Le or Condition.LtU or Condition.LeU or Condition.Ne
            : stay is Condition.Gt or Condition.Ge or Condition.GtU or Condition.GeU or Condition.Ne;
    }

    /// <summary>Whether <paramref name="value"/> is computed from parameters and constants only, so the caller's argument ranges bound it.</summary>
    private static bool FromParameters(Value value, int depth) => value switch
    {
        Parameter => true,
        Constant => true,
        BinaryInstruction or ConvertInstruction or UnaryInstruction when depth > 0 =>
            ((Instruction)value).Operands.All(o => FromParameters(o, depth - 1)) && ((Instruction)value).Operands.Any(o => o is not Constant),
        _ => false,
    };

    private static bool IsInvariant(Value value, HashSet<BasicBlock> body) =>
        value is not Instruction instruction || !body.Contains(instruction.Block);

    /// <summary>The largest value <paramref name="value"/> can have, when small and known.</summary>
    private static long? MaxOf(Value value) => ValueRange.MaxUnsigned(value) is <= MaxBound and var max ? (long)max : null;
}
