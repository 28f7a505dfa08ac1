using TraitsBpf.Compiler.Bpf.Machine;
using TraitsBpf.Compiler.Diagnostics;

namespace TraitsBpf.Compiler.Bpf.Emission;

/// <summary>
/// Places every stack slot below r10, each at an 8-byte boundary (the IR builder relies on that
/// alignment to choose access widths), and enforces BPF's 512-byte frame limit.
/// </summary>
internal static class FrameLayout
{
    public const int MaxFrameSize = 512;

    public static void Assign(MachineFunction function)
    {
        int size = 0;
        foreach (var slot in function.Slots.Distinct())
        {
            size += (slot.Size + 7) & ~7;
            slot.FrameOffset = -size;
        }

        if (size > MaxFrameSize)
        {
            var largest = function.Slots.OrderByDescending(s => s.Size).Take(3).Select(s => $"{s.Name} ({s.Size} bytes)");
            throw new CompileException(
                $"the stack frame of '{function.SourceMethod}' needs {size} bytes but BPF allows {MaxFrameSize}; the largest items are {string.Join(", ", largest)}",
                function.Location,
                function.SourceMethod);
        }

        function.FrameSize = size;
    }
}
