namespace TraitsBpf.Compiler.Ir;

/// <summary>
/// Copies instructions with their operands and target blocks renamed, for transformations that
/// duplicate code (loop unrolling). Every instruction kind is listed, so a new one fails loudly.
/// </summary>
internal static class InstructionCloner
{
    public static Instruction Clone(Instruction instruction, Func<Value, Value> value, Func<BasicBlock, BasicBlock> block)
    {
        var o = instruction.Operands.Select(value).ToArray();
        Instruction copy = instruction switch
        {
            BinaryInstruction b => new BinaryInstruction(b.Op, o[0], o[1], b.Type, b.Kind),
            UnaryInstruction u => new UnaryInstruction(u.Op, o[0], u.Type),
            ConvertInstruction c => new ConvertInstruction(c.Op, o[0]),
            CompareInstruction c => new CompareInstruction(c.Condition, o[0], o[1], c.Width),
            LoadInstruction l => new LoadInstruction(o[0], l.Offset, l.Size, l.SignExtend, l.Type, l.Kind),
            StoreInstruction s => new StoreInstruction(o[0], s.Offset, s.Size, o[1]),
            KernelFieldLoadInstruction k => new KernelFieldLoadInstruction(o[0], k.Access, k.Size, k.SignExtend, k.Type, k.Kind),
            KernelFieldOffsetInstruction k => new KernelFieldOffsetInstruction(k.Access),
            KernelElementLoadInstruction k => new KernelElementLoadInstruction(o[0], k.Array, o[1], k.Size, k.SignExtend, k.Type, k.Kind),
            StackAddressInstruction s => new StackAddressInstruction(s.Slot),
            ByteSwapInstruction s => new ByteSwapInstruction(s.Bits, o[0]),
            PacketLoadInstruction p => new PacketLoadInstruction(o[0], o[1], p.Size),
            HelperCallInstruction h => new HelperCallInstruction(h.HelperId, o, h.Type, h.Kind, h.ResultUsed),
            CallInstruction c => new CallInstruction(c.Callee, o),
            KfuncCallInstruction k => new KfuncCallInstruction(k.Function, o, k.Kind),
            AtomicInstruction a => new AtomicInstruction(a.Op, o[0], a.Offset, a.Size, o[1], o.Length > 2 ? o[2] : null),
            MapReferenceInstruction m => new MapReferenceInstruction(m.Map),
            GlobalAddressInstruction g => new GlobalAddressInstruction(g.Global),
            FunctionAddressInstruction f => new FunctionAddressInstruction(f.Callee),
            SpanBoundsCheckInstruction c => new SpanBoundsCheckInstruction(o[0], o[1], o[2], c.MethodName),
            PhiInstruction p => ClonePhi(p, o),
            JumpTerminator j => new JumpTerminator(block(j.Target)),
            BranchTerminator b => new BranchTerminator(b.Condition, o[0], o[1], b.Width, block(b.IfTrue), block(b.IfFalse)),
            ReturnTerminator => new ReturnTerminator(o.Length > 0 ? o[0] : null),
            _ => throw new InvalidOperationException($"internal compiler error: cannot clone {instruction.GetType().Name}"),
        };
        copy.Location = instruction.Location;
        copy.Kind = instruction.Kind;
        copy.Type = instruction.Type;
        return copy;
    }

    private static PhiInstruction ClonePhi(PhiInstruction phi, Value[] operands)
    {
        var copy = new PhiInstruction(phi.Type, phi.Kind);
        foreach (var operand in operands)
        {
            copy.AddIncoming(operand);
        }

        return copy;
    }
}
