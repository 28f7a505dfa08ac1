using TraitsBpf.Compiler.Diagnostics;
using TraitsBpf.Compiler.Ir;

namespace TraitsBpf.Compiler.Passes;

/// <summary>
/// What the socket checks (<see cref="SocketReferenceCheck"/>, <see cref="NullableSocketCheck"/>) share about how a
/// socket pointer flows through the IR: the values that are it, the tests of it against null, the instructions that
/// read through it, and how a refusal names its C# line.
/// </summary>
internal static class SocketPointerFlow
{
    /// <summary><paramref name="source"/> and the values that are it: phis of it are the only way to another name in SSA.</summary>
    public static HashSet<Value> Aliases(IrFunction function, Value source) => Closure(function, [source], _ => false);

    /// <summary>
    /// The values in <paramref name="seeds"/>, the phis of them, and the instructions <paramref name="derives"/> says
    /// come from them, until nothing more is added.
    /// </summary>
    public static HashSet<Value> Closure(IrFunction function, IEnumerable<Value> seeds, Func<Instruction, bool> derives)
    {
        var values = new HashSet<Value>(seeds);
        bool grew = true;
        while (grew)
        {
            grew = false;
            foreach (var instruction in function.AllInstructions)
            {
                if (!values.Contains(instruction) && instruction.Operands.Any(values.Contains) && (instruction is PhiInstruction || derives(instruction)))
                {
                    grew |= values.Add(instruction);
                }
            }
        }

        return values;
    }

    /// <summary>Whether <paramref name="branch"/> compares one of <paramref name="values"/> with null.</summary>
    public static bool IsNullTest(BranchTerminator branch, HashSet<Value> values) =>
        branch.Condition is Condition.Eq or Condition.Ne && branch.IfTrue != branch.IfFalse
        && ((values.Contains(branch.Left) && branch.Right is Constant { Value: 0 })
            || (values.Contains(branch.Right) && branch.Left is Constant { Value: 0 }));

    /// <summary>
    /// The successor a branch takes when the tested value is null, and the one it takes when it is not (the branch
    /// is a <see cref="IsNullTest"/>).
    /// </summary>
    public static (BasicBlock WhenNull, BasicBlock WhenNotNull) NullEdges(BranchTerminator branch) =>
        branch.Condition == Condition.Eq ? (branch.IfTrue, branch.IfFalse) : (branch.IfFalse, branch.IfTrue);

    /// <summary>
    /// Each successor of <paramref name="block"/> with what the pointer may be on the way there: past a test of one of
    /// <paramref name="aliases"/> against null, <paramref name="pastNull"/> and <paramref name="pastNotNull"/> narrow
    /// <paramref name="state"/> on the edge taken when it is null and on the other; any other edge carries it unchanged.
    /// </summary>
    public static IEnumerable<(BasicBlock Successor, TState State)> NullNarrowedEdges<TState>(
        BasicBlock block, HashSet<Value> aliases, TState state, Func<TState, TState> pastNull, Func<TState, TState> pastNotNull)
    {
        if (block.Terminator is BranchTerminator branch && IsNullTest(branch, aliases))
        {
            var (whenNull, whenNotNull) = NullEdges(branch);
            return [(whenNull, pastNull(state)), (whenNotNull, pastNotNull(state))];
        }

        return ForwardFlow.Unnarrowed(block, state);
    }

    /// <summary>Whether <paramref name="instruction"/> loads through one of <paramref name="pointers"/> (at any constant offset from it).</summary>
    public static bool ReadsThrough(Instruction instruction, HashSet<Value> pointers) => instruction switch
    {
        LoadInstruction load => IsAt(load.Address, pointers),
        KernelFieldLoadInstruction load => IsAt(load.Address, pointers),
        _ => false,
    };

    public static string Where(Instruction instruction) => instruction.Location?.ToString() ?? "the end of the method";

    public static CompileException Refuse(IrFunction function, Instruction at, string message) =>
        new(message, at.Location ?? at.Block.Instructions.Select(i => i.Location).FirstOrDefault(l => l is not null), function.SourceMethod);

    private static bool IsAt(Value address, HashSet<Value> pointers) =>
        pointers.Contains(address) || (address is BinaryInstruction { Op: BinaryOp.Add } add && (pointers.Contains(add.Left) || pointers.Contains(add.Right)));
}
