using TraitsBpf.Object.Format;
using TraitsBpf.Compiler.Bpf.Machine;
using TraitsBpf.Compiler.Diagnostics;
using TraitsBpf.Compiler.Ir;

namespace TraitsBpf.Compiler.Bpf.Emission;

/// <summary>
/// Lays out an allocated function and encodes it: jumps to the next block disappear, branch
/// offsets are resolved, pseudo-operations expand, and each instruction is tied to its source
/// line for .BTF.ext line_info.
/// </summary>
internal sealed class CodeEmitter
{
    private readonly MachineFunction function;
    private readonly List<BpfInstruction> code = [];
    private readonly List<EncodedRelocation> relocations = [];
    private readonly List<EncodedCoreRelocation> coreRelocations = [];
    private readonly List<(int, SourceLocation)> lines = [];
    private readonly Dictionary<MachineBlock, int> blockStart = [];
    private readonly Dictionary<MachineBlock, MachineBlock?> nextBlock = [];
    private SourceLocation? lastLocation;

    private CodeEmitter(MachineFunction function) => this.function = function;

    public static EncodedFunction Emit(MachineFunction function)
    {
        var emitter = new CodeEmitter(function);
        for (int b = 0; b < function.Blocks.Count; b++)
        {
            emitter.nextBlock[function.Blocks[b]] = b + 1 < function.Blocks.Count ? function.Blocks[b + 1] : null;
        }

        int offset = 0;
        foreach (var block in function.Blocks)
        {
            emitter.blockStart[block] = offset;
            offset += block.Instructions.Sum(i => emitter.SlotsOf(i, block));
        }

        foreach (var block in function.Blocks)
        {
            foreach (var instruction in block.Instructions)
            {
                emitter.Encode(instruction, block);
            }
        }

        var bytes = new byte[emitter.code.Count * BpfInstruction.Size];
        for (int i = 0; i < emitter.code.Count; i++)
        {
            emitter.code[i].Encode(bytes.AsSpan(i * BpfInstruction.Size));
        }

        if (emitter.lines.Count == 0 || emitter.lines[0].Item1 != 0)
        {
            var first = emitter.lines.Count > 0 ? emitter.lines[0].Item2 : function.Location;
            if (first is not null)
            {
                emitter.lines.Insert(0, (0, first));
            }
        }

        return new EncodedFunction(function.Name, bytes, emitter.relocations, emitter.lines, function.FrameSize, function.FrameItems, emitter.coreRelocations);
    }

    /// <summary>Instruction slots <paramref name="i"/> takes once encoded.</summary>
    private int SlotsOf(MachineInstruction i, MachineBlock block) => i.Op switch
    {
        MachineOp.LoadImm64 or MachineOp.FrameAddress => 2,
        MachineOp.SetCond => 3,
        MachineOp.Jump => i.IfTrue == nextBlock[block] ? 0 : 1,
        MachineOp.Branch => i.IfFalse == nextBlock[block] || i.IfTrue == nextBlock[block] ? 1 : 2,
        _ => 1,
    };

    private void Add(BpfInstruction instruction, SourceLocation? location)
    {
        if (location is not null && location != lastLocation)
        {
            lines.Add((code.Count, location));
            lastLocation = location;
        }

        code.Add(instruction);
    }

    private static byte AluClass(bool is64) => is64 ? BpfOpcode.ClassAlu64 : BpfOpcode.ClassAlu;

    private static byte Number(Reg r) =>
        r.IsPhysical ? (byte)r.Number : throw new InvalidOperationException($"internal compiler error: virtual register {r} after allocation");

    private short MemoryOffset(MachineInstruction i)
    {
        int offset = i.Offset + (i.Slot?.FrameOffset ?? 0);
        if (offset is < short.MinValue or > short.MaxValue)
        {
            throw new CompileException($"a memory offset of {offset} bytes does not fit a BPF instruction", i.Location, function.SourceMethod);
        }

        return (short)offset;
    }

    private byte BaseOf(MachineInstruction i) => i.Slot is not null ? (byte)10 : Number(i.Base);

    private short JumpOffset(MachineBlock target, int from)
    {
        int delta = blockStart[target] - (from + 1);
        if (delta is < short.MinValue or > short.MaxValue)
        {
            throw new CompileException($"'{function.SourceMethod}' is too large: a jump spans {delta} instructions, more than BPF's 32767", function.Location, function.SourceMethod);
        }

        return (short)delta;
    }

    private void Encode(MachineInstruction i, MachineBlock block)
    {
        var at = i.Location;
        if (i.Core is { } access)
        {
            coreRelocations.Add(new EncodedCoreRelocation(code.Count, access));
        }

        switch (i.Op)
        {
            case MachineOp.Alu:
                Add(new BpfInstruction((byte)(AluClass(i.Is64) | i.AluCode | (i.HasImm ? BpfOpcode.SourceImm : BpfOpcode.SourceReg)), Number(i.Dst), i.HasImm ? (byte)0 : Number(i.Src), i.AluOffset, (int)i.Imm), at);
                break;
            case MachineOp.Mov:
                Add(new BpfInstruction((byte)(AluClass(i.Is64) | BpfOpcode.AluMov | (i.HasImm ? BpfOpcode.SourceImm : BpfOpcode.SourceReg)), Number(i.Dst), i.HasImm ? (byte)0 : Number(i.Src), 0, (int)i.Imm), at);
                break;
            case MachineOp.MovSx:
                Add(new BpfInstruction((byte)(AluClass(i.Is64) | BpfOpcode.AluMov | BpfOpcode.SourceReg), Number(i.Dst), Number(i.Src), (short)i.Bits, 0), at);
                break;
            case MachineOp.Neg:
                Add(new BpfInstruction((byte)(AluClass(i.Is64) | BpfOpcode.AluNeg), Number(i.Dst), 0, 0, 0), at);
                break;
            case MachineOp.ByteSwap:
                Add(new BpfInstruction((byte)(BpfOpcode.ClassAlu | BpfOpcode.AluEnd | BpfOpcode.EndToBigEndian), Number(i.Dst), 0, 0, i.Bits), at);
                break;
            case MachineOp.Load:
                Add(new BpfInstruction((byte)(BpfOpcode.ClassLdx | BpfOpcode.SizeOf(i.Size) | (i.SignExtend ? BpfOpcode.ModeMemSx : BpfOpcode.ModeMem)), Number(i.Dst), BaseOf(i), MemoryOffset(i), 0), at);
                break;
            case MachineOp.Store:
                Add(new BpfInstruction((byte)(BpfOpcode.ClassStx | BpfOpcode.SizeOf(i.Size) | BpfOpcode.ModeMem), BaseOf(i), Number(i.Src), MemoryOffset(i), 0), at);
                break;
            case MachineOp.Atomic:
                Add(new BpfInstruction((byte)(BpfOpcode.ClassStx | BpfOpcode.SizeOf(i.Size) | BpfOpcode.ModeAtomic), BaseOf(i), Number(i.Src), MemoryOffset(i), i.AtomicCode), at);
                break;
            case MachineOp.StoreImm:
                Add(new BpfInstruction((byte)(BpfOpcode.ClassSt | BpfOpcode.SizeOf(i.Size) | BpfOpcode.ModeMem), BaseOf(i), 0, MemoryOffset(i), (int)i.Imm), at);
                break;
            case MachineOp.LoadImm64:
                if (i.Symbol is not null)
                {
                    relocations.Add(new EncodedRelocation(code.Count, i.SymbolKind, i.Symbol));
                }

                Add(new BpfInstruction((byte)(BpfOpcode.ClassLd | BpfOpcode.SizeDw | BpfOpcode.ModeImm), Number(i.Dst), 0, 0, (int)i.Imm), at);
                Add(new BpfInstruction(0, 0, 0, 0, (int)(i.Imm >> 32)), at);
                break;
            case MachineOp.FrameAddress:
                Add(new BpfInstruction((byte)(BpfOpcode.ClassAlu64 | BpfOpcode.AluMov | BpfOpcode.SourceReg), Number(i.Dst), 10, 0, 0), at);
                Add(new BpfInstruction((byte)(BpfOpcode.ClassAlu64 | BpfOpcode.AluAdd), Number(i.Dst), 0, 0, MemoryOffset(i)), at);
                break;
            case MachineOp.Jump:
                if (i.IfTrue != nextBlock[block])
                {
                    Add(new BpfInstruction(BpfOpcode.ClassJmp | BpfOpcode.JmpJa, 0, 0, JumpOffset(i.IfTrue!, code.Count), 0), at);
                }

                break;
            case MachineOp.Branch:
                EncodeBranch(i, block);
                break;
            case MachineOp.SetCond:
                Add(new BpfInstruction((byte)(BpfOpcode.ClassAlu | BpfOpcode.AluMov), Number(i.Dst), 0, 0, 1), at);
                Add(Compare(i, i.Condition, 1), at);
                Add(new BpfInstruction((byte)(BpfOpcode.ClassAlu | BpfOpcode.AluMov), Number(i.Dst), 0, 0, 0), at);
                break;
            case MachineOp.Call:
                EncodeCall(i);
                break;
            case MachineOp.PacketLoad:
                // dst must be 0 and, for LD_ABS, src too: the kernel refuses other values ("uses reserved fields").
                Add(new BpfInstruction((byte)(BpfOpcode.ClassLd | BpfOpcode.SizeOf(i.Size) | (i.HasImm ? BpfOpcode.ModeAbs : BpfOpcode.ModeInd)), 0, i.HasImm ? (byte)0 : Number(i.Src), 0, (int)i.Imm), at);
                break;
            case MachineOp.Exit:
                Add(new BpfInstruction(BpfOpcode.ClassJmp | BpfOpcode.JmpExit, 0, 0, 0, 0), at);
                break;
        }
    }

    private void EncodeBranch(MachineInstruction i, MachineBlock block)
    {
        var next = nextBlock[block];
        if (i.IfTrue == next)
        {
            Add(Compare(i, i.Condition.Negate(), JumpOffset(i.IfFalse!, code.Count)), i.Location);
            return;
        }

        Add(Compare(i, i.Condition, JumpOffset(i.IfTrue!, code.Count)), i.Location);
        if (i.IfFalse != next)
        {
            Add(new BpfInstruction(BpfOpcode.ClassJmp | BpfOpcode.JmpJa, 0, 0, JumpOffset(i.IfFalse!, code.Count), 0), i.Location);
        }
    }

    private BpfInstruction Compare(MachineInstruction i, Condition condition, short offset)
    {
        byte op = condition switch
        {
            Condition.Eq => BpfOpcode.JmpJeq,
            Condition.Ne => BpfOpcode.JmpJne,
            Condition.Gt => BpfOpcode.JmpJsgt,
            Condition.Ge => BpfOpcode.JmpJsge,
            Condition.Lt => BpfOpcode.JmpJslt,
            Condition.Le => BpfOpcode.JmpJsle,
            Condition.GtU => BpfOpcode.JmpJgt,
            Condition.GeU => BpfOpcode.JmpJge,
            Condition.LtU => BpfOpcode.JmpJlt,
            _ => BpfOpcode.JmpJle,
        };
        byte cls = i.Is64 ? BpfOpcode.ClassJmp : BpfOpcode.ClassJmp32;
        return new BpfInstruction((byte)(cls | op | (i.HasImm ? BpfOpcode.SourceImm : BpfOpcode.SourceReg)), Number(i.Left), i.HasImm ? (byte)0 : Number(i.Src), offset, (int)i.Imm);
    }

    private void EncodeCall(MachineInstruction i)
    {
        switch (i.CallKind)
        {
            case CallKind.Helper:
                Add(new BpfInstruction(BpfOpcode.ClassJmp | BpfOpcode.JmpCall, 0, BpfOpcode.CallHelper, 0, (int)i.HelperId), i.Location);
                break;
            case CallKind.Local:
                relocations.Add(new EncodedRelocation(code.Count, RelocationKind.Subprogram, i.Symbol!));
                Add(new BpfInstruction(BpfOpcode.ClassJmp | BpfOpcode.JmpCall, 0, BpfOpcode.CallLocal, 0, -1), i.Location);
                break;
            case CallKind.Kfunc:
                relocations.Add(new EncodedRelocation(code.Count, RelocationKind.Kfunc, i.Symbol!));
                Add(new BpfInstruction(BpfOpcode.ClassJmp | BpfOpcode.JmpCall, 0, BpfOpcode.CallKfunc, 0, -1), i.Location);
                break;
        }
    }
}
