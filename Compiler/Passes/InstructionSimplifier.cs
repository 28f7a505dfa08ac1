using TraitsBpf.Compiler.Ir;

namespace TraitsBpf.Compiler.Passes;

/// <summary>
/// Local rewrites, each exact under BPF semantics: constant folding, algebraic identities,
/// redundant extensions after loads, constants moved to the right of commutative operations
/// and comparisons, and a branch on a comparison's result turned into a branch on the
/// comparison itself.
/// </summary>
internal sealed class InstructionSimplifier : IPass
{
    public bool Run(IrFunction function)
    {
        bool changed = false;
        foreach (var block in function.Blocks)
        {
            for (int i = 0; i < block.Instructions.Count; i++)
            {
                var instruction = block.Instructions[i];
                if (instruction is BranchTerminator branch)
                {
                    changed |= SimplifyBranch(branch);
                    continue;
                }

                var replacement = Simplify(instruction);
                if (replacement is not null && replacement != instruction)
                {
                    function.ReplaceAllUses(instruction, replacement);
                    changed = true;
                }
            }
        }

        return changed;
    }

    private static Value? Simplify(Instruction instruction) => instruction switch
    {
        BinaryInstruction b => SimplifyBinary(b),
        ConvertInstruction c => SimplifyConvert(c),
        CompareInstruction c => SimplifyCompare(c),
        UnaryInstruction { Operand: Constant k } u => new Constant(ConstantEvaluator.Evaluate(u.Op, k.Value, u.Type), u.Type),
        ByteSwapInstruction { Operand: Constant k } s => new Constant(ConstantEvaluator.ByteSwap(s.Bits, k.Value), s.Type),
        _ => null,
    };

    private static Value? SimplifyBinary(BinaryInstruction b)
    {
        var type = b.Type;
        if (b.Left is Constant x && b.Right is Constant y && b.Kind == ValueKind.Scalar)
        {
            return new Constant(ConstantEvaluator.Evaluate(b.Op, x.Value, y.Value, type), type);
        }

        if (IsCommutative(b.Op) && b.Left is Constant && b.Right is not Constant)
        {
            var left = b.Left;
            b.SetOperand(0, b.Right);
            b.SetOperand(1, left);
        }

        if (b.Right is Constant c)
        {
            long value = type == IrType.I32 ? (int)c.Value : c.Value;
            long allOnes = type == IrType.I32 ? -1 : -1L;
            switch (b.Op)
            {
                case BinaryOp.Add or BinaryOp.Sub or BinaryOp.Or or BinaryOp.Xor or BinaryOp.Shl or BinaryOp.Shr or BinaryOp.ShrUn
                    when value == 0 || (b.Op is BinaryOp.Shl or BinaryOp.Shr or BinaryOp.ShrUn && (value & (type == IrType.I32 ? 31 : 63)) == 0):
                    return b.Left.Type == type ? b.Left : null;
                case BinaryOp.Mul or BinaryOp.Div or BinaryOp.DivUn when value == 1:
                    return b.Left;
                case BinaryOp.Mul or BinaryOp.And when value == 0:
                    return new Constant(0, type);
                case BinaryOp.And when value == allOnes:
                    return b.Left;
            }

            // (p + c1) + c2 = p + (c1 + c2): the same pointer with a constant offset, which the verifier tracks identically.
            if (b.Op == BinaryOp.Add && b.Left is BinaryInstruction { Op: BinaryOp.Add, Right: Constant inner } nested && nested.Type == type)
            {
                b.SetOperand(0, nested.Left);
                b.SetOperand(1, new Constant(ConstantEvaluator.Evaluate(BinaryOp.Add, inner.Value, c.Value, type), type));
                return b;
            }
        }

        return null;
    }

    private static bool IsCommutative(BinaryOp op) => op is BinaryOp.Add or BinaryOp.Mul or BinaryOp.And or BinaryOp.Or or BinaryOp.Xor;

    private static Value? SimplifyConvert(ConvertInstruction c)
    {
        var operand = c.Operand;
        if (operand is Constant k)
        {
            return new Constant(ConstantEvaluator.Evaluate(c.Op, k.Value), c.Type);
        }

        switch (c.Op)
        {
            case ConvertOp.ZeroExtend8 when operand is LoadInstruction { Size: 1, SignExtend: false }:
            case ConvertOp.ZeroExtend16 when operand is LoadInstruction { Size: <= 2, SignExtend: false }:
            case ConvertOp.SignExtend8 when operand is LoadInstruction { Size: 1, SignExtend: true }:
            case ConvertOp.SignExtend16 when operand is LoadInstruction { Size: <= 2, SignExtend: true } or LoadInstruction { Size: 1, SignExtend: false }:
            case ConvertOp.ZeroExtend8 or ConvertOp.ZeroExtend16 when operand is ConvertInstruction { Op: ConvertOp.ZeroExtend8 }:
            case ConvertOp.ZeroExtend16 when operand is ConvertInstruction { Op: ConvertOp.ZeroExtend16 }:
            case ConvertOp.SignExtend8 when operand is ConvertInstruction { Op: ConvertOp.SignExtend8 }:
            case ConvertOp.SignExtend16 when operand is ConvertInstruction { Op: ConvertOp.SignExtend16 or ConvertOp.SignExtend8 or ConvertOp.ZeroExtend8 }:
                return operand.Type == c.Type ? operand : null;
            case ConvertOp.ZeroExtend8 when operand is BinaryInstruction { Op: BinaryOp.And, Right: Constant { Value: >= 0 and <= 0xFF } } and { Type: IrType.I32 }:
            case ConvertOp.ZeroExtend16 when operand is BinaryInstruction { Op: BinaryOp.And, Right: Constant { Value: >= 0 and <= 0xFFFF } } and { Type: IrType.I32 }:
            case ConvertOp.ZeroExtend16 when operand is ByteSwapInstruction { Bits: 16 }:
                return operand;
            case ConvertOp.Truncate when operand is ConvertInstruction { Op: ConvertOp.SignExtend32 or ConvertOp.ZeroExtend32 } inner:
                return inner.Operand.Type == IrType.I32 ? inner.Operand : null;
            case ConvertOp.SignExtend32 when ValueRange.IsNonNegative(operand):
                {
                    // Sign and zero extension agree on non-negative values; zero extension is free after 32-bit arithmetic.
                    var zero = new ConvertInstruction(ConvertOp.ZeroExtend32, operand) { Location = c.Location, Id = c.Id, Block = c.Block };
                    c.Block.Instructions[c.Block.Instructions.IndexOf(c)] = zero;
                    return zero;
                }
            default:
                return null;
        }
    }

    private static Value? SimplifyCompare(CompareInstruction c)
    {
        if (c.Left is Constant x && c.Right is Constant y)
        {
            return new Constant(c.Condition.Evaluate(x.Value, y.Value, c.Width) ? 1 : 0, IrType.I32);
        }

        if (c.Condition is Condition.Eq or Condition.Ne && c.Left is ByteSwapInstruction swap && c.Right is Constant k && SwapFolds(swap, k))
        {
            c.SetOperand(0, swap.Operand);
            c.SetOperand(1, new Constant(ConstantEvaluator.ByteSwap(swap.Bits, k.Value), k.Type));
            return c;
        }

        return null;
    }

    /// <summary>Whether comparing the unswapped value with the swapped constant is the same test.</summary>
    private static bool SwapFolds(ByteSwapInstruction swap, Constant constant) => swap.Bits switch
    {
        16 => constant.Value is >= 0 and <= 0xFFFF && ValueRange.MaxUnsigned(swap.Operand) is <= 0xFFFF,
        32 => swap.Operand.Type == IrType.I32 && swap.Type == IrType.I32,
        _ => swap.Operand.Type == IrType.I64,
    };

    private static bool SimplifyBranch(BranchTerminator branch)
    {
        bool changed = false;
        if (branch.Left is Constant && branch.Right is not Constant)
        {
            var left = branch.Left;
            branch.SetOperand(0, branch.Right);
            branch.SetOperand(1, left);
            branch.Condition = branch.Condition.Swap();
            changed = true;
        }

        // be16(x) == C  =>  x == be16(C), when x has no bits above 16.
        if (branch.Condition is Condition.Eq or Condition.Ne && branch.Left is ByteSwapInstruction swap && branch.Right is Constant k
            && SwapFolds(swap, k))
        {
            branch.SetOperand(0, swap.Operand);
            branch.SetOperand(1, new Constant(ConstantEvaluator.ByteSwap(swap.Bits, k.Value), k.Type));
            changed = true;
        }

        // br (a cmp b) != 0  =>  br a cmp b
        if (branch.Left is CompareInstruction compare && branch.Right is Constant { Value: 0 } && branch.Condition is Condition.Eq or Condition.Ne)
        {
            branch.SetOperand(0, compare.Left);
            branch.SetOperand(1, compare.Right);
            branch.Width = compare.Width;
            branch.Condition = branch.Condition == Condition.Ne ? compare.Condition : compare.Condition.Negate();
            changed = true;
        }

        return changed;
    }
}
