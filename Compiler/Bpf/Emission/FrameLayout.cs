using TraitsBpf.Compiler.Bpf.Machine;
using TraitsBpf.Compiler.Diagnostics;
using TraitsBpf.Compiler.Ir;

namespace TraitsBpf.Compiler.Bpf.Emission;

/// <summary>
/// Places every stack slot the code uses below r10, each at an 8-byte boundary (the IR builder
/// relies on that alignment to choose access widths), letting slots that are never live at once
/// share bytes, as clang's frames do; and enforces BPF's 512-byte frame limit. Slots the code no
/// longer touches (promoted to registers, stores removed) take no space.
/// </summary>
internal static class FrameLayout
{
    public const int MaxFrameSize = 512;

    public static void Assign(MachineFunction function, StackSlotInterference lifetimes)
    {
        var used = function.Blocks.SelectMany(b => b.Instructions).Select(i => i.Slot).OfType<StackSlot>().ToHashSet();
        var placed = new List<(StackSlot Slot, int Start, int End)>();
        int size = 0;
        foreach (var slot in function.Slots.Distinct().Where(used.Contains).OrderByDescending(Rounded))
        {
            int start = 0;
            bool moved = true;
            while (moved)
            {
                moved = false;
                foreach (var other in placed)
                {
                    if (start < other.End && other.Start < start + Rounded(slot) && lifetimes.Interfere(slot, other.Slot))
                    {
                        start = other.End;
                        moved = true;
                    }
                }
            }

            placed.Add((slot, start, start + Rounded(slot)));
            slot.FrameOffset = -(start + Rounded(slot));
            size = Math.Max(size, start + Rounded(slot));
        }

        if (size > MaxFrameSize)
        {
            var largest = placed.OrderByDescending(p => p.Slot.Size).Take(3).Select(p => $"{p.Slot.Name} ({p.Slot.Size} bytes)");
            throw new CompileException(
                $"the stack frame of '{function.SourceMethod}' needs {size} bytes but BPF allows {MaxFrameSize}; the largest items are {string.Join(", ", largest)}",
                function.Location,
                function.SourceMethod);
        }

        function.FrameSize = size;
        function.FrameItems = [.. placed.OrderByDescending(p => p.Slot.Size).Select(p => new FrameItem(p.Slot.Name, p.Slot.Size, p.Slot.FrameOffset))];
    }

    private static int Rounded(StackSlot slot) => (slot.Size + 7) & ~7;
}
