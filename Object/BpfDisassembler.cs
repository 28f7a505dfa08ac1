using TraitsBpf.Object.Disassembly;
using TraitsBpf.Object.Format;

namespace TraitsBpf.Object;

/// <summary>
/// Turns BPF instruction bytes into text in llvm-objdump's syntax (<c>r0 = 0x1234 ll</c>,
/// <c>if r2 > r3 goto +5</c>, <c>call 1</c>, <c>exit</c>), covering ALU/ALU64 including the
/// ISA v4 signed division, sign-extending moves and byte swaps, jumps in both widths, loads and
/// stores including sign-extending loads and atomics, calls and exit. Where LLVM 14 cannot
/// decode an instruction (the v4 ones), the spelling is that of newer LLVM and the kernel's
/// verifier log. Bytes that are no instruction read <c>&lt;unknown&gt;</c>, as in llvm-objdump.
/// </summary>
public static class BpfDisassembler
{
    /// <summary>The spelling for bytes that decode to no instruction.</summary>
    public const string Unknown = "<unknown>";

    /// <summary>Disassembles a run of instructions, e.g. a code section or one program's slice of it.</summary>
    /// <exception cref="ObjectFormatException"><paramref name="code"/> is not a whole number of 8-byte instructions.</exception>
    public static IReadOnlyList<DisassembledInstruction> Disassemble(ReadOnlySpan<byte> code)
    {
        if (code.Length % BpfInstruction.Size != 0)
            throw new ObjectFormatException($"BPF code must be a whole number of 8-byte instructions; this is {code.Length} bytes.");
        var instructions = new List<DisassembledInstruction>();
        int slot = 0;
        int slots = code.Length / BpfInstruction.Size;
        while (slot < slots)
        {
            bool isWide = code[slot * BpfInstruction.Size] == BpfOpcode.LoadImm64 && slot + 1 < slots;
            int width = isWide ? 2 : 1;
            instructions.Add(new DisassembledInstruction(slot, width, Format(code.Slice(slot * BpfInstruction.Size, width * BpfInstruction.Size))));
            slot += width;
        }
        return instructions;
    }

    /// <summary>Spells one instruction: 8 bytes, or 16 for a 64-bit immediate load.</summary>
    /// <exception cref="ArgumentException"><paramref name="instruction"/> is not 8 or 16 bytes.</exception>
    public static string Format(ReadOnlySpan<byte> instruction)
    {
        if (instruction.Length is not (8 or 16))
            throw new ArgumentException($"An instruction is 8 bytes (16 for a 64-bit immediate load), not {instruction.Length}.", nameof(instruction));
        BpfInstruction first = BpfInstruction.Decode(instruction);
        if (first.Opcode == BpfOpcode.LoadImm64)
        {
            return instruction.Length == 16 && instruction[8] == 0
                ? MemoryFormatter.FormatLoadImmediate64(first, BpfInstruction.Decode(instruction[8..]))
                : Unknown;
        }
        string? text = first.Class switch
        {
            BpfOpcode.ClassAlu or BpfOpcode.ClassAlu64 => AluFormatter.Format(first),
            BpfOpcode.ClassJmp or BpfOpcode.ClassJmp32 => JumpFormatter.Format(first),
            _ => MemoryFormatter.Format(first),
        };
        return text ?? Unknown;
    }
}
