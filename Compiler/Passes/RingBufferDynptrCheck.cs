using TraitsBpf.Compiler.Diagnostics;
using TraitsBpf.Compiler.Ir;
using TraitsBpf.Object;

namespace TraitsBpf.Compiler.Passes;

/// <summary>
/// Requires every ring-buffer record <c>RingBuffer.ReserveDynptr</c> reserves to be submitted or discarded exactly once
/// on every path, as the verifier's reference tracking does (even when the reservation failed: the dynptr is then null,
/// and still holds the reference): a path that returns (or tail-calls) still holding it, a second submit, a use of the
/// dynptr after its submit, a reservation into a dynptr still held, and a submit of a dynptr no reservation in the
/// method made are refused here with the C# line instead of a verifier log. A dynptr lives in a stack slot, which the
/// verifier tracks; the check follows, for each slot a reservation writes, what it may hold at each block
/// (<see cref="DynptrStates"/>) over the control flow graph.
/// </summary>
internal static class RingBufferDynptrCheck
{
    private const int DynptrSize = 16;

    public static void Check(IrFunction function)
    {
        var reservations = function.AllInstructions.OfType<HelperCallInstruction>().Where(c => c.HelperId == BpfHelper.RingbufReserveDynptr).ToList();
        var homes = new HashSet<DynptrHome>();
        foreach (var reserve in reservations)
        {
            homes.Add(DynptrHome.Of(reserve.Operands[3])
                ?? throw Refuse(function, reserve, "the dynptr this ReserveDynptr fills is not one local (its address is chosen at run time); reserve each record into a Dynptr local of its own"));
        }

        var stray = function.AllInstructions.OfType<HelperCallInstruction>()
            .FirstOrDefault(c => IsRelease(c) && (DynptrHome.Of(c.Operands[0]) is not { } home || !homes.Contains(home)));
        if (stray is not null)
        {
            throw Refuse(function, stray, $"{Verb(stray)} of a dynptr no ReserveDynptr in this method reserved: only a record RingBuffer.ReserveDynptr reserved is submitted or discarded (the verifier refuses a packet's, a map value's or a drained record's dynptr)");
        }

        foreach (var home in homes)
        {
            Follow(function, home);
        }
    }

    /// <summary>What the home may hold at each block, with a reservation that may be holding it, for the messages that name the reservation's line.</summary>
    private static void Follow(IrFunction function, DynptrHome home)
    {
        var slices = function.AllInstructions.Where(i => IsSlice(i) && home.Is(i.Operands[0])).ToHashSet<Value>();
        ForwardFlow.Run(
            function,
            new Holding(DynptrStates.Unmade, null),
            (instruction, state) => Step(function, home, slices, instruction, state),
            ForwardFlow.Unnarrowed,
            (before, carried) => new Holding(before.States | carried.States, before.Reservation ?? carried.Reservation));
    }

    private static Holding Step(IrFunction function, DynptrHome home, HashSet<Value> slices, Instruction instruction, Holding state)
    {
        bool held = state.States.HasFlag(DynptrStates.Reserved);
        bool released = state.States.HasFlag(DynptrStates.Released);
        switch (instruction)
        {
            case HelperCallInstruction { HelperId: BpfHelper.RingbufReserveDynptr } reserve when home.Is(reserve.Operands[3]):
                if (held)
                {
                    throw Refuse(function, reserve, $"this ReserveDynptr reserves into a dynptr whose record reserved at {Where(state.Reservation!)} may still be held here (a loop, or a path that did not submit it); submit or discard that record first");
                }

                return new Holding(DynptrStates.Reserved, reserve);
            case HelperCallInstruction release when IsRelease(release) && home.Is(release.Operands[0]):
                if (state.States.HasFlag(DynptrStates.Unmade) || state.States.HasFlag(DynptrStates.Other))
                {
                    throw Refuse(function, release, $"{Verb(release)} of a dynptr that ReserveDynptr has not filled on every path to this line: reserve the record on every path that reaches it");
                }

                if (released)
                {
                    throw Refuse(function, release, $"{Verb(release)} of a record that may already be submitted or discarded on some path: submit or discard each reservation exactly once");
                }

                return state with { States = DynptrStates.Released };
            case HelperCallInstruction or KfuncCallInstruction when Initializes(instruction) && instruction.Operands.Any(home.Is):
                if (held)
                {
                    throw Refuse(function, instruction, $"this call makes a new dynptr in a local that still holds the record reserved at {Where(state.Reservation!)}; submit or discard the record first (the verifier refuses to overwrite it)");
                }

                return new Holding(DynptrStates.Other, null);
            case HelperCallInstruction or KfuncCallInstruction when TakesDynptr(instruction) && instruction.Operands.Any(home.Is):
                if (released)
                {
                    throw Refuse(function, instruction, "this dynptr's record is submitted or discarded on some path before this use, which leaves the dynptr null and the verifier refuses it; use the record before SubmitDynptr or DiscardDynptr");
                }

                if (state.States.HasFlag(DynptrStates.Unmade))
                {
                    throw Refuse(function, instruction, "this dynptr may be used before anything made it: on some path to this line no ReserveDynptr (or other call) filled the local, and the verifier refuses an uninitialized dynptr");
                }

                return state;
            case LoadInstruction or StoreInstruction when released && slices.Contains(Root(instruction.Operands[0])):
                throw Refuse(function, instruction, "a pointer Data() or Slice() gave into a ring-buffer record is used after the record may be submitted or discarded; the verifier forgets it then, so finish with it before SubmitDynptr or DiscardDynptr");
            case HelperCallInstruction { HelperId: BpfHelper.TailCall } when held:
                throw Refuse(function, state.Reservation!, $"the record this ReserveDynptr reserves is still held at the tail call at {Where(instruction)}: the kernel refuses a tail call that would leak it, so submit or discard it first");
            case ReturnTerminator when held:
                throw Refuse(function, state.Reservation!, $"the record this ReserveDynptr reserves is neither submitted nor discarded on every path: the return at {Where(instruction)} can be reached still holding it; submit or discard it on every path, also when the reservation failed (the verifier requires it, and SubmitDynptr of a failed reservation does nothing)");
            case CallInstruction call when (held || released) && call.Operands.Any(home.Is):
                throw Refuse(function, call, "the dynptr of a reserved record passed to a [MethodImpl(NoInlining)] subprogram: use, submit and discard it in the method that reserved it");
            case LoadInstruction load when (held || released) && home.Overlaps(load.Address, load.Offset, load.Size):
                throw Refuse(function, load, "the dynptr of a reserved record is read as memory (a copy of the Dynptr?): the verifier lets a program reach it only through its methods, so pass it by ref");
            case StoreInstruction store when held && home.Overlaps(store.Address, store.Offset, store.Size):
                throw Refuse(function, store, $"the dynptr holding the record reserved at {Where(state.Reservation!)} is overwritten before the record is submitted or discarded, which the verifier refuses");
            case PhiInstruction phi when phi.Operands.Any(home.Is):
                throw Refuse(function, phi, "the dynptr of a reserved record is chosen on more than one path; keep each record's dynptr in a local of its own");
            default:
                return state;
        }
    }

    private static bool IsRelease(HelperCallInstruction call) => call.HelperId is BpfHelper.RingbufSubmitDynptr or BpfHelper.RingbufDiscardDynptr;

    /// <summary>Whether the call reads or writes through a dynptr it is given (bpf_dynptr_read, _write, _data, the bpf_dynptr_* kfuncs).</summary>
    private static bool TakesDynptr(Instruction call) => call switch
    {
        HelperCallInstruction helper => helper.HelperId is BpfHelper.DynptrRead or BpfHelper.DynptrWrite or BpfHelper.DynptrData,
        KfuncCallInstruction kfunc => kfunc.Function.StartsWith("bpf_dynptr_", StringComparison.Ordinal),
        _ => false,
    };

    /// <summary>Whether the call gives a pointer into the memory of the dynptr it takes first (bpf_dynptr_data, bpf_dynptr_slice, _rdwr).</summary>
    private static bool IsSlice(Instruction call) => call switch
    {
        HelperCallInstruction helper => helper.HelperId == BpfHelper.DynptrData,
        KfuncCallInstruction kfunc => kfunc.Function is "bpf_dynptr_slice" or "bpf_dynptr_slice_rdwr",
        _ => false,
    };

    /// <summary>The pointer an address was computed from by adding offsets to it.</summary>
    private static Value Root(Value address)
    {
        while (address is BinaryInstruction { Op: BinaryOp.Add or BinaryOp.Sub } offset)
        {
            address = offset.Left;
        }

        return address;
    }

    /// <summary>Whether the call makes a new dynptr in the memory it is given (bpf_dynptr_from_mem, the bpf_dynptr_from_* kfuncs).</summary>
    private static bool Initializes(Instruction call) => call switch
    {
        HelperCallInstruction helper => helper.HelperId == BpfHelper.DynptrFromMem,
        KfuncCallInstruction kfunc => kfunc.Function.StartsWith("bpf_dynptr_from_", StringComparison.Ordinal),
        _ => false,
    };

    private static string Verb(HelperCallInstruction release) =>
        release.HelperId == BpfHelper.RingbufSubmitDynptr ? "SubmitDynptr" : "DiscardDynptr";

    private static string Where(Instruction instruction) => instruction.Location is { } at ? $"line {at.Line}" : "the end of the method";

    private static CompileException Refuse(IrFunction function, Instruction at, string message) =>
        new(message, at.Location ?? at.Block.Instructions.Select(i => i.Location).FirstOrDefault(l => l is not null), function.SourceMethod);

    /// <summary>What a dynptr's home may hold, and a reservation that may be holding it.</summary>
    private readonly record struct Holding(DynptrStates States, HelperCallInstruction? Reservation);

    /// <summary>Where a dynptr lives: a stack slot and a constant offset into it (a Dynptr field of a struct local).</summary>
    private readonly record struct DynptrHome(StackSlot Slot, long Offset)
    {
        /// <summary>The home <paramref name="address"/> points at, or null when it is not a stack slot's address plus constants.</summary>
        public static DynptrHome? Of(Value address)
        {
            long offset = 0;
            while (address is BinaryInstruction { Op: BinaryOp.Add, Right: Constant { Value: var added } } sum)
            {
                offset += added;
                address = sum.Left;
            }

            return address is StackAddressInstruction stack ? new DynptrHome(stack.Slot, offset) : null;
        }

        public bool Is(Value address) => Of(address) == this;

        /// <summary>Whether <paramref name="size"/> bytes at <paramref name="address"/> + <paramref name="offset"/> touch this dynptr's 16 bytes.</summary>
        public bool Overlaps(Value address, int offset, int size) =>
            Of(address) is { } at && at.Slot == Slot && at.Offset + offset < Offset + DynptrSize && Offset < at.Offset + offset + size;
    }
}
