using TraitsBpf.Compiler.Bpf.Emission;
using TraitsBpf.Compiler.Bpf.Registers;
using TraitsBpf.Compiler.Bpf.Selection;
using TraitsBpf.Compiler.Ir;

namespace TraitsBpf.Compiler.Bpf;

/// <summary>The backend pipeline for one function: selection, register allocation, frame layout, peephole, jump threading, encoding.</summary>
internal static class BpfBackend
{
    public static EncodedFunction Compile(IrFunction function)
    {
        var lifetimes = StackSlotInterference.Compute(function);
        var machine = InstructionSelector.Select(function);
        MachineDeadCode.Remove(machine);
        RegisterAllocator.Allocate(machine);
        FrameLayout.Assign(machine, lifetimes);
        Peephole.Run(machine);
        JumpThreading.Run(machine);
        return CodeEmitter.Emit(machine);
    }
}
