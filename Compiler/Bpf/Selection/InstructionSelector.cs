using TraitsBpf.Object.Format;
using TraitsBpf.Compiler.Bpf.Emission;
using TraitsBpf.Compiler.Bpf.Machine;
using TraitsBpf.Compiler.Diagnostics;
using TraitsBpf.Compiler.Ir;

namespace TraitsBpf.Compiler.Bpf.Selection;

/// <summary>
/// Turns an SSA function into machine instructions over virtual registers: each IR value gets a
/// register, constants become immediates where BPF allows them, constant offsets fold into
/// memory accesses, and phis become copies at the end of their predecessors.
/// </summary>
internal sealed class InstructionSelector
{
    private readonly IrFunction function;
    private readonly MachineFunction machine;
    private readonly Dictionary<Value, Reg> registers = [];
    private readonly Dictionary<BasicBlock, MachineBlock> blocks = [];
    private readonly HashSet<Value> needsRegister = [];

    // A 64-bit constant needs a two-slot ld_imm64; within a block and between calls one load serves every use.
    private readonly Dictionary<long, Reg> wideConstants = [];
    private MachineBlock current = null!;
    private SourceLocation? location;

    private InstructionSelector(IrFunction function)
    {
        this.function = function;
        machine = new MachineFunction(function.Name) { Location = function.Location, SourceMethod = function.SourceMethod };
        machine.Slots.AddRange(function.Slots);
    }

    public static MachineFunction Select(IrFunction function)
    {
        CriticalEdgeSplitter.Split(function);
        var selector = new InstructionSelector(function);
        selector.Run();
        return selector.machine;
    }

    private void Run()
    {
        var order = ReversePostorder();
        foreach (var block in order)
        {
            blocks[block] = machine.NewBlock();
        }

        CountRegisterUses();
        foreach (var instruction in function.AllInstructions.Where(i => i.HasResult))
        {
            registers[instruction] = machine.NewVirtual();
        }

        current = blocks[function.Entry];
        location = function.Location;
        for (int p = 0; p < function.Parameters.Count; p++)
        {
            var register = machine.NewVirtual();
            registers[function.Parameters[p]] = register;
            Emit(new MachineInstruction(MachineOp.Mov) { Is64 = true, Dst = register, Src = Reg.Physical(p + 1) });
        }

        foreach (var block in order)
        {
            current = blocks[block];
            wideConstants.Clear();
            foreach (var instruction in block.Instructions)
            {
                location = instruction.Location ?? location;
                if (instruction is Terminator terminator)
                {
                    EmitPhiCopies(block);
                    SelectTerminator(terminator);
                }
                else if (instruction is not PhiInstruction && (!instruction.HasResult || needsRegister.Contains(instruction) || instruction.HasSideEffects))
                {
                    Select(instruction);
                }
            }
        }
    }

    private List<BasicBlock> ReversePostorder()
    {
        var visited = new HashSet<BasicBlock>();
        var postorder = new List<BasicBlock>();
        void Visit(BasicBlock block)
        {
            if (!visited.Add(block))
            {
                return;
            }

            // Visit the false edge first so the true edge is laid out last... and the false edge falls through.
            foreach (var successor in block.Successors.Reverse())
            {
                Visit(successor);
            }

            postorder.Add(block);
        }

        Visit(function.Entry);
        postorder.Reverse();
        return postorder;
    }

    /// <summary>Marks the values some instruction reads from a register (not folded into an address).</summary>
    private void CountRegisterUses()
    {
        foreach (var instruction in function.AllInstructions)
        {
            for (int i = 0; i < instruction.Operands.Count; i++)
            {
                var operand = instruction.Operands[i];
                bool isAddress = i == 0 && instruction is LoadInstruction or StoreInstruction;
                if (isAddress)
                {
                    int offset = instruction is LoadInstruction l ? l.Offset : ((StoreInstruction)instruction).Offset;
                    var mode = AddressMode.Of(operand, offset);
                    if (mode.Base is not null)
                    {
                        needsRegister.Add(mode.Base);
                    }
                }
                else
                {
                    needsRegister.Add(operand);
                }
            }
        }

        // A needed value's own operands are needed too, unless it is itself folded away.
        bool changed = true;
        while (changed)
        {
            changed = false;
            foreach (var instruction in function.AllInstructions.Where(needsRegister.Contains))
            {
                foreach (var operand in instruction.Operands)
                {
                    changed |= needsRegister.Add(operand);
                }
            }
        }
    }

    private void Emit(MachineInstruction instruction)
    {
        instruction.Location = location;
        current.Instructions.Add(instruction);
        if (instruction.Op is MachineOp.Call or MachineOp.PacketLoad)
        {
            // Keeping a constant live across a call would tie up a callee-saved register or a stack slot.
            wideConstants.Clear();
        }
    }

    /// <summary>The register holding <paramref name="value"/>; constants and stack addresses are materialized afresh.</summary>
    private Reg RegOf(Value value, bool is64 = true)
    {
        switch (value)
        {
            case Constant c:
                {
                    bool wide = (c.Type == IrType.I64 || is64) && IsWide(c.Value);
                    if (wide && wideConstants.TryGetValue(c.Value, out var loaded))
                    {
                        return loaded;
                    }

                    var register = machine.NewVirtual();
                    EmitConstant(register, c.Value, c.Type == IrType.I64 || is64);
                    if (wide)
                    {
                        wideConstants[c.Value] = register;
                    }

                    return register;
                }

            default:
                if (registers.TryGetValue(value, out var known))
                {
                    return known;
                }

                throw new InvalidOperationException($"internal compiler error: no register for {value} in {function.Name}");
        }
    }

    private static bool IsWide(long value) => value is < int.MinValue or > int.MaxValue;

    private void EmitConstant(Reg register, long value, bool is64)
    {
        if (is64 && IsWide(value) && wideConstants.TryGetValue(value, out var loaded))
        {
            Emit(new MachineInstruction(MachineOp.Mov) { Is64 = true, Dst = register, Src = loaded });
            return;
        }

        if (!is64 || !IsWide(value))
        {
            Emit(new MachineInstruction(MachineOp.Mov) { Is64 = is64, Dst = register, HasImm = true, Imm = is64 ? value : (int)value });
        }
        else
        {
            Emit(new MachineInstruction(MachineOp.LoadImm64) { Is64 = true, Dst = register, Imm = value });
        }
    }

    private static bool FitsImmediate(Value value, IrType width) =>
        value is Constant c && (width == IrType.I32 || c.Value is >= int.MinValue and <= int.MaxValue);

    private void Select(Instruction instruction)
    {
        switch (instruction)
        {
            case BinaryInstruction b:
                SelectBinary(b);
                break;
            case UnaryInstruction u:
                Move(registers[u], u.Operand, u.Type);
                if (u.Op == UnaryOp.Neg)
                {
                    Emit(new MachineInstruction(MachineOp.Neg) { Is64 = u.Type == IrType.I64, Dst = registers[u] });
                }
                else
                {
                    Emit(new MachineInstruction(MachineOp.Alu) { Is64 = u.Type == IrType.I64, AluCode = BpfOpcode.AluXor, Dst = registers[u], HasImm = true, Imm = -1 });
                }

                break;
            case ConvertInstruction c:
                SelectConvert(c);
                break;
            case CompareInstruction c:
                SelectCompare(c);
                break;
            case LoadInstruction l:
                SelectLoad(l);
                break;
            case StoreInstruction s:
                SelectStore(s);
                break;
            case KernelFieldLoadInstruction k:
                // The base is the struct pointer itself and the offset the field's local offset: libbpf
                // checks both before it patches the offset with the running kernel's.
                Emit(new MachineInstruction(MachineOp.Load)
                {
                    Dst = registers[k], Base = RegOf(k.Address), Offset = k.Access.LocalOffset, Size = k.Size, SignExtend = k.SignExtend, Core = k.Access,
                });
                break;
            case KernelFieldOffsetInstruction k:
                Emit(new MachineInstruction(MachineOp.Mov) { Is64 = true, Dst = registers[k], HasImm = true, Imm = k.Access.LocalOffset, Core = k.Access });
                break;
            case AtomicInstruction a:
                SelectAtomic(a);
                break;
            case MapReferenceInstruction m:
                Emit(new MachineInstruction(MachineOp.LoadImm64) { Is64 = true, Dst = registers[m], Symbol = m.Map.Name, SymbolKind = RelocationKind.Map });
                break;
            case GlobalAddressInstruction g:
                Emit(new MachineInstruction(MachineOp.LoadImm64) { Is64 = true, Dst = registers[g], Symbol = g.Global.Name });
                break;
            case FunctionAddressInstruction f:
                Emit(new MachineInstruction(MachineOp.LoadImm64) { Is64 = true, Dst = registers[f], Symbol = f.Callee.Name, SymbolKind = RelocationKind.FunctionAddress });
                break;
            case StackAddressInstruction s:
                Emit(new MachineInstruction(MachineOp.FrameAddress) { Is64 = true, Dst = registers[s], Slot = s.Slot });
                break;
            case ByteSwapInstruction s:
                Move(registers[s], s.Operand, s.Type);
                Emit(new MachineInstruction(MachineOp.ByteSwap) { Dst = registers[s], Bits = s.Bits });
                break;
            case PacketLoadInstruction p:
                SelectPacketLoad(p);
                break;
            case HelperCallInstruction h:
                SelectCall(h, new MachineInstruction(MachineOp.Call) { CallKind = CallKind.Helper, HelperId = h.HelperId, ArgumentCount = h.Operands.Count }, h.HasResult);
                break;
            case CallInstruction c:
                SelectCall(c, new MachineInstruction(MachineOp.Call) { CallKind = CallKind.Local, Symbol = c.Callee.Name, ArgumentCount = c.Operands.Count }, c.HasResult);
                break;
            case KfuncCallInstruction k:
                SelectCall(k, new MachineInstruction(MachineOp.Call) { CallKind = CallKind.Kfunc, Symbol = k.Function, ArgumentCount = k.Operands.Count }, k.HasResult && needsRegister.Contains(k));
                break;
            default:
                throw new InvalidOperationException($"internal compiler error: cannot select {instruction}");
        }
    }

    /// <summary>dst = value, at the given width (a constant becomes an immediate move).</summary>
    private void Move(Reg dst, Value value, IrType width)
    {
        if (value is Constant c)
        {
            EmitConstant(dst, c.Value, width == IrType.I64);
            return;
        }

        Emit(new MachineInstruction(MachineOp.Mov) { Is64 = true, Dst = dst, Src = RegOf(value) });
    }

    private void SelectBinary(BinaryInstruction b)
    {
        var dst = registers[b];
        bool is64 = b.Type == IrType.I64;
        byte code = b.Op switch
        {
            BinaryOp.Add => BpfOpcode.AluAdd,
            BinaryOp.Sub => BpfOpcode.AluSub,
            BinaryOp.Mul => BpfOpcode.AluMul,
            BinaryOp.Div or BinaryOp.DivUn => BpfOpcode.AluDiv,
            BinaryOp.Rem or BinaryOp.RemUn => BpfOpcode.AluMod,
            BinaryOp.And => BpfOpcode.AluAnd,
            BinaryOp.Or => BpfOpcode.AluOr,
            BinaryOp.Xor => BpfOpcode.AluXor,
            BinaryOp.Shl => BpfOpcode.AluLsh,
            BinaryOp.Shr => BpfOpcode.AluArsh,
            _ => BpfOpcode.AluRsh,
        };
        short signed = (short)(b.Op is BinaryOp.Div or BinaryOp.Rem ? 1 : 0);
        bool shift = b.Op is BinaryOp.Shl or BinaryOp.Shr or BinaryOp.ShrUn;
        int mask = is64 ? 63 : 31;
        Move(dst, b.Left, b.Type);
        if (FitsImmediate(b.Right, b.Type))
        {
            long imm = ((Constant)b.Right).Value;
            if (shift)
            {
                imm &= mask;
            }

            Emit(new MachineInstruction(MachineOp.Alu) { Is64 = is64, AluCode = code, AluOffset = signed, Dst = dst, HasImm = true, Imm = imm });
            return;
        }

        // A register count needs no mask: BPF takes it modulo the width (instruction-set.rst,
        // "Shift operations use a mask"), which is what C# and the IR mean by a shift.
        var right = RegOf(b.Right);
        Emit(new MachineInstruction(MachineOp.Alu) { Is64 = is64, AluCode = code, AluOffset = signed, Dst = dst, Src = right });
    }

    private void SelectConvert(ConvertInstruction c)
    {
        var dst = registers[c];
        switch (c.Op)
        {
            case ConvertOp.SignExtend8 or ConvertOp.SignExtend16:
                Emit(new MachineInstruction(MachineOp.MovSx) { Is64 = false, Dst = dst, Src = RegOf(c.Operand), Bits = c.Op == ConvertOp.SignExtend8 ? 8 : 16 });
                break;
            case ConvertOp.ZeroExtend8 or ConvertOp.ZeroExtend16:
                Move(dst, c.Operand, IrType.I32);
                Emit(new MachineInstruction(MachineOp.Alu) { Is64 = false, AluCode = BpfOpcode.AluAnd, Dst = dst, HasImm = true, Imm = c.Op == ConvertOp.ZeroExtend8 ? 0xFF : 0xFFFF });
                break;
            case ConvertOp.SignExtend32:
                Emit(new MachineInstruction(MachineOp.MovSx) { Is64 = true, Dst = dst, Src = RegOf(c.Operand), Bits = 32 });
                break;
            case ConvertOp.ZeroExtend32:
                // After 32-bit arithmetic or a narrow load the upper half is already zero: a plain copy, usually coalesced away.
                Emit(new MachineInstruction(MachineOp.Mov) { Is64 = UpperHalfIsZero(c.Operand), Dst = dst, Src = RegOf(c.Operand) });
                break;
            default:
                Move(dst, c.Operand, IrType.I64);
                break;
        }
    }

    /// <summary>Whether the instruction that computes an I32 value leaves the register's upper 32 bits zero.</summary>
    private static bool UpperHalfIsZero(Value value) => value switch
    {
        Constant => false,
        BinaryInstruction { Type: IrType.I32 } or UnaryInstruction { Type: IrType.I32 } or CompareInstruction => true,
        ConvertInstruction { Op: ConvertOp.SignExtend8 or ConvertOp.SignExtend16 or ConvertOp.ZeroExtend8 or ConvertOp.ZeroExtend16 } => true,
        LoadInstruction { Size: < 8, SignExtend: false } => true,
        ByteSwapInstruction { Bits: < 64 } => true,
        _ => false,
    };

    private void SelectCompare(CompareInstruction c)
    {
        var instruction = new MachineInstruction(MachineOp.SetCond)
        {
            Is64 = c.Width == IrType.I64,
            Dst = registers[c],
            Left = RegOf(c.Left),
            Condition = c.Condition,
            HasImm = FitsImmediate(c.Right, c.Width),
        };
        SetRightOperand(instruction, c.Right);
        Emit(instruction);
    }

    /// <summary>A comparison's right operand: the immediate when <see cref="MachineInstruction.HasImm"/> says it fits, else a register.</summary>
    private void SetRightOperand(MachineInstruction instruction, Value right)
    {
        if (instruction.HasImm)
        {
            instruction.Imm = ((Constant)right).Value;
        }
        else
        {
            instruction.Src = RegOf(right);
        }
    }

    private void SelectLoad(LoadInstruction l)
    {
        var mode = AddressMode.Of(l.Address, l.Offset);
        Emit(new MachineInstruction(MachineOp.Load)
        {
            Dst = registers[l],
            Base = mode.Base is null ? Reg.R10 : RegOf(mode.Base),
            Slot = mode.Slot,
            Offset = mode.Offset,
            Size = l.Size,
            SignExtend = l.SignExtend,
        });
    }

    private void SelectStore(StoreInstruction s)
    {
        var mode = AddressMode.Of(s.Address, s.Offset);
        var baseRegister = mode.Base is null ? Reg.R10 : RegOf(mode.Base);

        // The verifier refuses immediate stores (BPF_ST) into the context.
        bool immediate = s.StoredValue is Constant k && k.Value is >= int.MinValue and <= int.MaxValue && s.Address.Kind != ValueKind.Ctx;
        if (immediate)
        {
            Emit(new MachineInstruction(MachineOp.StoreImm) { Base = baseRegister, Slot = mode.Slot, Offset = mode.Offset, Size = s.Size, HasImm = true, Imm = ((Constant)s.StoredValue).Value });
        }
        else
        {
            Emit(new MachineInstruction(MachineOp.Store) { Base = baseRegister, Slot = mode.Slot, Offset = mode.Offset, Size = s.Size, Src = RegOf(s.StoredValue) });
        }
    }

    private void SelectAtomic(AtomicInstruction a)
    {
        var mode = AddressMode.Of(a.Address, a.Offset);
        var baseRegister = mode.Base is null ? Reg.R10 : RegOf(mode.Base);
        bool fetch = needsRegister.Contains(a) || a.Op is AtomicOp.Exchange or AtomicOp.CompareExchange;
        int code = a.Op switch
        {
            AtomicOp.Add => BpfOpcode.AluAdd,
            AtomicOp.And => BpfOpcode.AluAnd,
            AtomicOp.Or => BpfOpcode.AluOr,
            AtomicOp.Xor => BpfOpcode.AluXor,
            AtomicOp.Exchange => 0xE0,
            _ => 0xF0,
        } | (fetch ? 0x01 : 0);
        var operand = machine.NewVirtual();
        Move(operand, a.Operand, a.Type);
        if (a.Comparand is { } comparand)
        {
            Move(Reg.R0, comparand, a.Type);
        }

        Emit(new MachineInstruction(MachineOp.Atomic) { Base = baseRegister, Slot = mode.Slot, Offset = mode.Offset, Size = a.Size, Src = operand, AtomicCode = code });
        if (needsRegister.Contains(a))
        {
            Emit(new MachineInstruction(MachineOp.Mov) { Is64 = true, Dst = registers[a], Src = a.Comparand is null ? operand : Reg.R0 });
        }
    }

    private void SelectCall(Instruction call, MachineInstruction instruction, bool hasResult)
    {
        for (int a = 0; a < call.Operands.Count; a++)
        {
            Move(Reg.Physical(a + 1), call.Operands[a], IrType.I64);
        }

        Emit(instruction);
        if (hasResult)
        {
            Emit(new MachineInstruction(MachineOp.Mov) { Is64 = true, Dst = registers[call], Src = Reg.R0 });
        }
    }

    /// <summary>
    /// The context goes to r6 for each load (usually coalesced, so it lives there, as clang keeps it);
    /// a constant offset is LD_ABS's immediate, any other LD_IND's source register.
    /// </summary>
    private void SelectPacketLoad(PacketLoadInstruction load)
    {
        Move(MachineInstruction.PacketLoadContext, load.Context, IrType.I64);
        var instruction = load.Offset is Constant c
            ? new MachineInstruction(MachineOp.PacketLoad) { Size = load.Size, HasImm = true, Imm = (int)c.Value }
            : new MachineInstruction(MachineOp.PacketLoad) { Size = load.Size, Src = RegOf(load.Offset) };
        Emit(instruction);
        Emit(new MachineInstruction(MachineOp.Mov) { Is64 = true, Dst = registers[load], Src = Reg.R0 });
    }

    private void EmitPhiCopies(BasicBlock block)
    {
        var successor = block.Successors.FirstOrDefault(s => s.Phis.Any());
        if (successor is null)
        {
            return;
        }

        // A parallel copy: read every incoming value before writing any phi register.
        var phis = successor.Phis.ToList();
        var temporaries = new List<Reg>();
        foreach (var phi in phis)
        {
            var temporary = machine.NewVirtual();
            Move(temporary, ControlFlowEdits.IncomingFrom(phi, block), phi.Type);
            temporaries.Add(temporary);
        }

        for (int i = 0; i < phis.Count; i++)
        {
            Emit(new MachineInstruction(MachineOp.Mov) { Is64 = true, Dst = registers[phis[i]], Src = temporaries[i] });
        }
    }

    private void SelectTerminator(Terminator terminator)
    {
        switch (terminator)
        {
            case JumpTerminator j:
                Emit(new MachineInstruction(MachineOp.Jump) { IfTrue = blocks[j.Target] });
                break;
            case BranchTerminator b:
                {
                    var instruction = new MachineInstruction(MachineOp.Branch)
                    {
                        Is64 = b.Width == IrType.I64,
                        Left = RegOf(b.Left),
                        Condition = b.Condition,
                        IfTrue = blocks[b.IfTrue],
                        IfFalse = blocks[b.IfFalse],
                        HasImm = FitsImmediate(b.Right, b.Width),
                    };
                    SetRightOperand(instruction, b.Right);
                    Emit(instruction);
                    break;
                }

            case ReturnTerminator r:
                if (r.ReturnValue is { } value)
                {
                    if (value is Constant c)
                    {
                        EmitConstant(Reg.R0, c.Value, function.ReturnType == IrType.I64);
                    }
                    else
                    {
                        // An I32 result is zero-extended so r0 holds exactly the C# value.
                        Emit(new MachineInstruction(MachineOp.Mov) { Is64 = function.ReturnType == IrType.I64, Dst = Reg.R0, Src = RegOf(value) });
                    }
                }

                Emit(new MachineInstruction(MachineOp.Exit));
                break;
        }
    }
}
