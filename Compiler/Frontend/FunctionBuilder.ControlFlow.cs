using TraitsBpf.Compiler.Il;
using TraitsBpf.Compiler.Ir;

namespace TraitsBpf.Compiler.Frontend;

/// <summary>Returns, conditional branches and switches.</summary>
internal sealed partial class FunctionBuilder
{
    private void TranslateReturn()
    {
        var returnType = frame.Method.ReturnType;
        Value? value = returnType.Kind == TypeKind.Void ? null : Pop().Value;
        if (frame.ReturnBlock is null)
        {
            if (frame.ReturnHome is { } buffer)
            {
                CopyMemory(buffer, 0, value!, 0, returnType.Size, returnType.Alignment);
                value = null;
            }
            else if (value is not null)
            {
                value = Widen(Normalize(value, returnType), function.ReturnType ?? IrType.I64, !IsUnsigned(returnType));
            }

            if (function.IsProgram && attachTarget is { } hook && !SockAddrHooks.MayDeny(hook) && value is not Constant { Value: 1 })
            {
                throw Error($"a cgroup/{hook} program can only rewrite the address, not refuse: every return must be SockAddrVerdict.Allow, as the verifier requires");
            }

            if (function.IsProgram && xdpSlot is { } slot && value is Constant { Value: var action } && InvalidSlotVerdict(slot, action) is { } verdict)
            {
                throw Error($"an xdp/{slot} program returns {verdict}, which the kernel takes as an invalid verdict there and drops the packet; return XdpAction.Pass or XdpAction.Drop");
            }

            Terminate(new ReturnTerminator(value));
            return;
        }

        if (frame.ReturnHome is { } home && IsSpan(returnType))
        {
            WriteSpan(home, ReadSpan(value!));
        }
        else if (frame.ReturnHome is { } structHome)
        {
            CopyMemory(structHome, 0, value!, 0, returnType.Size, returnType.Alignment);
        }
        else if (frame.ReturnVariable is { } variable)
        {
            ssa.Write(variable, current, Normalize(value!, returnType));
        }

        Jump(frame.ReturnBlock);
    }

    private void TranslateConditionalBranch(IlBlock block)
    {
        Condition condition;
        Value left;
        Value right;
        IrType width;
        if (instruction.Op is IlOpcode.Brtrue or IlOpcode.Brfalse)
        {
            var value = Pop().Value;
            condition = instruction.Op == IlOpcode.Brtrue ? Condition.Ne : Condition.Eq;
            left = value;
            right = new Constant(0, value.Type);
            width = value.Type;
        }
        else
        {
            var b = Pop();
            var a = Pop();
            (left, right, width) = CompareOperands(a.Value, b.Value);
            condition = instruction.Op switch
            {
                IlOpcode.Beq => Condition.Eq,
                IlOpcode.Bge => Condition.Ge,
                IlOpcode.Bgt => Condition.Gt,
                IlOpcode.Ble => Condition.Le,
                IlOpcode.Blt => Condition.Lt,
                IlOpcode.BneUn => Condition.Ne,
                IlOpcode.BgeUn => Condition.GeU,
                IlOpcode.BgtUn => Condition.GtU,
                IlOpcode.BleUn => Condition.LeU,
                _ => Condition.LtU,
            };
            condition = CanonicalPointerTest(condition, left, right);
        }

        LeaveBlock(block);
        var taken = frame.Blocks[block.Successors.First(s => s.Start == instruction.Target)];
        var fallthrough = frame.Blocks[block.Successors.First(s => s.Start == block.End)];
        if (taken == fallthrough)
        {
            Jump(taken);
            return;
        }

        if (left is Constant x && right is Constant y)
        {
            Jump(condition.Evaluate(x.Value, y.Value, width) ? taken : fallthrough);
            return;
        }

        Terminate(new BranchTerminator(condition, left, right, width, taken, fallthrough));
    }

    private void TranslateSwitch(IlBlock block)
    {
        var value = Widen(Pop().Value, IrType.I32, false);
        LeaveBlock(block);
        var targets = instruction.Targets.Select(t => frame.Blocks[block.Successors.First(s => s.Start == t)]).ToList();
        var fallthrough = frame.Blocks[block.Successors.First(s => s.Start == block.End)];
        for (int k = 0; k < targets.Count; k++)
        {
            var next = k + 1 < targets.Count ? function.NewBlock() : fallthrough;
            Terminate(new BranchTerminator(Condition.Eq, value, new Constant(k, IrType.I32), IrType.I32, targets[k], next));
            if (next != fallthrough)
            {
                current = next;
                ssa.Seal(current);
            }
        }
    }

    /// <summary>
    /// The XDP verdict a CPU or device map slot's program may not give (cpumap.c and devmap.c warn and drop): XDP_TX in
    /// both, XDP_REDIRECT in a DEVMAP program; null for a verdict the kernel acts on.
    /// </summary>
    private static string? InvalidSlotVerdict(string slot, long action) => action switch
    {
        3 => "XdpAction.Tx",
        4 when slot == "devmap" => "XdpAction.Redirect",
        _ => null,
    };
}
