using TraitsBpf.Compiler.Diagnostics;
using TraitsBpf.Object;
using TraitsBpf.Compiler.Bpf.Emission;
using TraitsBpf.Compiler.Ir;

namespace TraitsBpf.Compiler.Bpf.Machine;

/// <summary>
/// One machine instruction over registers that may still be virtual. Which fields matter
/// depends on <see cref="Op"/>; <see cref="Defs"/> and <see cref="Uses"/> give the register
/// effects the allocator works from.
/// </summary>
internal sealed class MachineInstruction(MachineOp op)
{
    public MachineOp Op { get; } = op;

    /// <summary>64-bit (ALU64/JMP) rather than 32-bit (ALU/JMP32).</summary>
    public bool Is64 { get; init; }

    /// <summary>The ALU operation's opcode bits (BpfOpcode.Alu*).</summary>
    public byte AluCode { get; init; }

    /// <summary>1 for signed division and remainder (ISA v4 sdiv/smod).</summary>
    public short AluOffset { get; init; }

    public Reg Dst { get; set; }

    public Reg Src { get; set; }

    /// <summary>The left operand of a comparison (Branch, SetCond); the right is <see cref="Src"/> or <see cref="Imm"/>.</summary>
    public Reg Left { get; set; }

    /// <summary>The second operand is <see cref="Imm"/> rather than <see cref="Src"/>.</summary>
    public bool HasImm { get; init; }

    public long Imm { get; set; }

    /// <summary>Memory base register (ignored when <see cref="Slot"/> is set: the base is then r10).</summary>
    public Reg Base { get; set; }

    /// <summary>A stack slot the access or address is relative to; its frame offset is added to <see cref="Offset"/>.</summary>
    public StackSlot? Slot { get; set; }

    public int Offset { get; init; }

    /// <summary>Access size in bytes.</summary>
    public int Size { get; init; }

    public bool SignExtend { get; init; }

    /// <summary>Bits for MovSx (8, 16, 32) and ByteSwap (16, 32, 64).</summary>
    public int Bits { get; init; }

    public Condition Condition { get; set; }

    public MachineBlock? IfTrue { get; set; }

    public MachineBlock? IfFalse { get; set; }

    public CallKind CallKind { get; init; }

    /// <summary>Helper number, for helper calls.</summary>
    public BpfHelper HelperId { get; init; }

    /// <summary>Callee symbol, for subprogram and kfunc calls.</summary>
    public string? Symbol { get; init; }

    public int ArgumentCount { get; init; }

    /// <summary>For Atomic: the BPF atomic operation code (imm field), BPF_FETCH included.</summary>
    public int AtomicCode { get; init; }

    /// <summary>For a LoadImm64 of a symbol: what the symbol is, a global variable, a map or a subprogram.</summary>
    public RelocationKind SymbolKind { get; init; } = RelocationKind.Global;

    /// <summary>For a Load or an immediate Mov: the kernel field whose offset it holds, for a CO-RE relocation.</summary>
    public KernelFieldAccess? Core { get; init; }

    public SourceLocation? Location { get; set; }

    /// <summary>Registers this instruction writes.</summary>
    public IEnumerable<Reg> Defs()
    {
        switch (Op)
        {
            case MachineOp.Alu or MachineOp.Mov or MachineOp.MovSx or MachineOp.Neg or MachineOp.ByteSwap or MachineOp.Load
                or MachineOp.LoadImm64 or MachineOp.SetCond or MachineOp.FrameAddress:
                yield return Dst;
                break;
            case MachineOp.Call or MachineOp.PacketLoad:
                for (int r = 0; r <= 5; r++)
                {
                    yield return Reg.Physical(r);
                }

                break;
            case MachineOp.Atomic when IsCompareExchange:
                yield return Reg.R0;
                break;
            case MachineOp.Atomic when (AtomicCode & FetchFlag) != 0:
                yield return Src;
                break;
        }
    }

    private const int FetchFlag = 0x01;

    private bool IsCompareExchange => (AtomicCode & 0xF0) == 0xF0;

    /// <summary>Registers this instruction reads (r10 is never listed).</summary>
    public IEnumerable<Reg> Uses()
    {
        switch (Op)
        {
            case MachineOp.Alu:
                yield return Dst;
                if (!HasImm)
                {
                    yield return Src;
                }

                break;
            case MachineOp.Neg or MachineOp.ByteSwap:
                yield return Dst;
                break;
            case MachineOp.Mov or MachineOp.MovSx:
                if (!HasImm)
                {
                    yield return Src;
                }

                break;
            case MachineOp.Load:
                if (Slot is null && Base != Reg.R10)
                {
                    yield return Base;
                }

                break;
            case MachineOp.Store:
                if (Slot is null && Base != Reg.R10)
                {
                    yield return Base;
                }

                yield return Src;
                break;
            case MachineOp.StoreImm:
                if (Slot is null && Base != Reg.R10)
                {
                    yield return Base;
                }

                break;
            case MachineOp.Atomic:
                if (Slot is null && Base != Reg.R10)
                {
                    yield return Base;
                }

                yield return Src;
                if (IsCompareExchange)
                {
                    yield return Reg.R0;
                }

                break;
            case MachineOp.Branch or MachineOp.SetCond:
                yield return Left;
                if (!HasImm)
                {
                    yield return Src;
                }

                break;
            case MachineOp.Call:
                for (int r = 1; r <= ArgumentCount; r++)
                {
                    yield return Reg.Physical(r);
                }

                break;
            case MachineOp.PacketLoad:
                yield return PacketLoadContext;
                if (!HasImm)
                {
                    yield return Src;
                }

                break;
            case MachineOp.Exit:
                yield return Reg.R0;
                break;
        }
    }

    /// <summary>Where a classic packet load takes its sk_buff from: the kernel requires r6.</summary>
    public static Reg PacketLoadContext => Reg.Physical(6);

    /// <summary>A plain 64-bit register copy, which the allocator tries to coalesce away.</summary>
    public bool IsCopy => Op == MachineOp.Mov && Is64 && !HasImm;

    /// <summary>Renames every register operand through <paramref name="map"/>, for allocation and spilling.</summary>
    public void Rename(Func<Reg, Reg> map)
    {
        if (Op is not (MachineOp.StoreImm or MachineOp.Store or MachineOp.Atomic or MachineOp.Jump or MachineOp.Branch or MachineOp.Call or MachineOp.PacketLoad or MachineOp.Exit))
        {
            Dst = map(Dst);
        }

        if (!HasImm && Op is MachineOp.Alu or MachineOp.Mov or MachineOp.MovSx or MachineOp.Store or MachineOp.Atomic or MachineOp.Branch or MachineOp.SetCond or MachineOp.PacketLoad)
        {
            Src = map(Src);
        }

        if (Op is MachineOp.Branch or MachineOp.SetCond)
        {
            Left = map(Left);
        }

        if (Op is MachineOp.Load or MachineOp.Store or MachineOp.StoreImm or MachineOp.Atomic && Slot is null && Base != Reg.R10)
        {
            Base = map(Base);
        }
    }

    public override string ToString() => MachinePrinter.Print(this);
}
