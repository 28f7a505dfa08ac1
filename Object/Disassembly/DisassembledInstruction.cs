namespace TraitsBpf.Object.Disassembly;

/// <summary>One disassembled instruction.</summary>
/// <param name="InstructionOffset">Its first slot, in 8-byte units from the start of the disassembled code.</param>
/// <param name="Width">1, or 2 for a 64-bit immediate load.</param>
/// <param name="Text">Its text in llvm-objdump's syntax, e.g. <c>r1 = *(u32 *)(r1 + 0)</c>, or <c>&lt;unknown&gt;</c>.</param>
public sealed record DisassembledInstruction(int InstructionOffset, int Width, string Text);
