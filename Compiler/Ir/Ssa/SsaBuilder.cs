namespace TraitsBpf.Compiler.Ir.Ssa;

/// <summary>
/// SSA construction while the IL is read (Braun et al., "Simple and Efficient Construction of
/// Static Single Assignment Form", CC 2013): variables are looked up per block, phis are placed
/// on demand, blocks whose predecessors are not all known yet get incomplete phis that are
/// completed when the block is sealed, and trivial phis are removed as soon as they appear.
/// </summary>
internal sealed class SsaBuilder(IrFunction function)
{
    private readonly Dictionary<(SsaVariable, BasicBlock), Value> definitions = [];
    private readonly HashSet<BasicBlock> sealedBlocks = [];
    private readonly Dictionary<BasicBlock, List<(SsaVariable Variable, PhiInstruction Phi)>> incompletePhis = [];
    private readonly Dictionary<Value, Value> replaced = [];

    public void Write(SsaVariable variable, BasicBlock block, Value value)
    {
        variable.Type ??= value.Type;
        // A ref local of a kernel struct (ref readonly SockCommon c = ref tcp->Common) is kernel memory: a loop that
        // reads it before its header is sealed must get a phi the frontend reads kernel fields through.
        if (variable.Kind == ValueKind.Unknown && value.Kind == ValueKind.Kernel)
        {
            variable.Kind = ValueKind.Kernel;
        }

        definitions[(variable, block)] = value;
    }

    public Value Read(SsaVariable variable, BasicBlock block) =>
        definitions.TryGetValue((variable, block), out var value) ? Resolve(value) : ReadRecursive(variable, block);

    /// <summary>Declares that all predecessors of <paramref name="block"/> are known.</summary>
    public void Seal(BasicBlock block)
    {
        if (!sealedBlocks.Add(block))
        {
            return;
        }

        if (incompletePhis.Remove(block, out var phis))
        {
            foreach (var (variable, phi) in phis)
            {
                AddOperands(variable, phi);
            }
        }
    }

    /// <summary>The value that now stands for <paramref name="value"/> (a removed trivial phi's replacement).</summary>
    public Value Resolve(Value value)
    {
        while (replaced.TryGetValue(value, out var next))
        {
            value = next;
        }

        return value;
    }

    private Value ReadRecursive(SsaVariable variable, BasicBlock block)
    {
        Value value;
        if (!sealedBlocks.Contains(block))
        {
            var phi = NewPhi(variable, block);
            if (!incompletePhis.TryGetValue(block, out var list))
            {
                list = [];
                incompletePhis[block] = list;
            }

            list.Add((variable, phi));
            value = phi;
        }
        else if (block.Predecessors.Count == 0)
        {
            // Read before any write: C# locals start zeroed (localsinit), so the value is 0.
            value = new Constant(0, variable.Type ?? IrType.I64);
        }
        else if (block.Predecessors.Count == 1)
        {
            value = Read(variable, block.Predecessors[0]);
        }
        else
        {
            var phi = NewPhi(variable, block);
            Write(variable, block, phi);
            value = AddOperands(variable, phi);
        }

        Write(variable, block, value);
        return value;
    }

    private PhiInstruction NewPhi(SsaVariable variable, BasicBlock block)
    {
        var phi = new PhiInstruction(variable.Type ?? IrType.I64, variable.Kind) { Id = function.NewId() };
        block.Add(phi);
        return phi;
    }

    private Value AddOperands(SsaVariable variable, PhiInstruction phi)
    {
        foreach (var predecessor in phi.Block.Predecessors)
        {
            phi.AddIncoming(Read(variable, predecessor));
        }

        phi.Kind = JoinKinds(phi);
        return RemoveIfTrivial(phi);
    }

    /// <summary>
    /// The kind of a phi: the operands' kind when they agree; a pointer kind merged with the
    /// constant 0 stays that pointer kind (a maybe-null pointer, which the verifier tracks per path).
    /// </summary>
    private static ValueKind JoinKinds(PhiInstruction phi)
    {
        ValueKind? kind = null;
        bool sawNull = false;
        foreach (var operand in phi.Operands)
        {
            if (operand == phi)
            {
                continue;
            }

            if (operand is Constant { Value: 0 })
            {
                sawNull = true;
                continue;
            }

            if (kind is null)
            {
                kind = operand.Kind;
            }
            else if (kind != operand.Kind)
            {
                return ValueKind.Unknown;
            }
        }

        return kind ?? (sawNull ? ValueKind.Scalar : phi.Kind);
    }

    private Value RemoveIfTrivial(PhiInstruction phi)
    {
        Value? same = null;
        foreach (var operand in phi.Operands)
        {
            var op = Resolve(operand);
            if (op == phi || (same is not null && ValueEquality.Same(op, same)))
            {
                continue;
            }

            if (same is not null)
            {
                return phi;
            }

            same = op;
        }

        same ??= new Constant(0, phi.Type);
        var users = function.AllInstructions.Where(i => i != phi && i.Operands.Contains(phi)).ToList();
        function.ReplaceAllUses(phi, same);
        phi.Block.Instructions.Remove(phi);
        replaced[phi] = same;
        foreach (var user in users.OfType<PhiInstruction>())
        {
            if (user.Block.Instructions.Contains(user))
            {
                RemoveIfTrivial(user);
            }
        }

        return same;
    }
}
