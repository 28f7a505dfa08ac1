using TraitsBpf.Object.Format;

namespace TraitsBpf.Object.Writing;

/// <summary>
/// Which 8-byte slots of a code section begin an instruction: every slot except the second
/// half of a 64-bit immediate load. Functions, relocations and line info may only point at these.
/// </summary>
internal sealed class InstructionStarts
{
    private readonly bool[] starts;

    public InstructionStarts(CodeSection section)
    {
        int count = section.Code.Length / BpfInstruction.Size;
        starts = new bool[count];
        for (int slot = 0; slot < count; slot++)
        {
            starts[slot] = true;
            if (section.Code[slot * BpfInstruction.Size] != BpfOpcode.LoadImm64)
                continue;
            if (slot + 1 >= count)
                throw new InvalidObjectModelException($"Section '{section.Name}': the 64-bit immediate load at instruction {slot} is cut off by the end of the section.");
            slot++;
        }
    }

    public int SlotCount => starts.Length;

    public bool IsStart(int slot) => slot >= 0 && slot < starts.Length && starts[slot];
}
