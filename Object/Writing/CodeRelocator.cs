using System.Buffers.Binary;
using TraitsBpf.Object.Format;

namespace TraitsBpf.Object.Writing;

/// <summary>
/// Turns the model's relocations into ELF relocations and sets the relocated instructions'
/// fields to the values clang emits, which is what libbpf's relocation code expects
/// (libbpf.c, bpf_program__record_reloc and bpf_object__reloc_code):
/// <list type="bullet">
/// <item>map or global address: ld_imm64 with src_reg 0 and imm = byte offset into the variable; R_BPF_64_64 against the variable's symbol.</item>
/// <item>call to a global function: imm = -1; R_BPF_64_32 against the function's symbol.</item>
/// <item>call to a static function in another section: imm = its instruction index in .text minus 1; R_BPF_64_32 against the .text section symbol.</item>
/// <item>call to a static function in the same section: imm = pc-relative distance and no relocation at all.</item>
/// <item>kfunc call: src_reg 1 (libbpf makes it 2), imm = -1; R_BPF_64_32 against the undefined extern symbol.</item>
/// </list>
/// </summary>
internal static class CodeRelocator
{
    public static RelocatedCode Relocate(CodeSection section, IReadOnlyDictionary<string, (CodeSection Section, FunctionSymbol Function)> functions)
    {
        byte[] code = section.Code.ToArray();
        var relocations = new List<SymbolicRelocation>();
        foreach (CodeRelocation relocation in section.Relocations.OrderBy(relocation => relocation.InstructionOffset))
        {
            int offset = relocation.InstructionOffset;
            switch (relocation.Target)
            {
                case MapReference map:
                    PatchAddressLoad(code, section, offset, 0);
                    relocations.Add(new SymbolicRelocation(offset, ElfConstants.RelocationBpf64_64, new SymbolReference(map.MapName, false)));
                    break;
                case GlobalReference global:
                    PatchAddressLoad(code, section, offset, global.Offset);
                    relocations.Add(new SymbolicRelocation(offset, ElfConstants.RelocationBpf64_64, new SymbolReference(global.VariableName, false)));
                    break;
                case SubprogramCall call:
                    RelocateCall(code, section, offset, functions[call.FunctionName], relocations);
                    break;
                case SubprogramAddress address:
                    RelocateAddress(code, section, offset, functions[address.FunctionName], relocations);
                    break;
                case KfuncCall kfunc:
                    PatchCall(code, section, offset, -1);
                    relocations.Add(new SymbolicRelocation(offset, ElfConstants.RelocationBpf64_32, new SymbolReference(kfunc.FunctionName, false)));
                    break;
                default:
                    throw new InvalidObjectModelException($"Section '{section.Name}', instruction {offset}: unknown relocation target {relocation.Target}.");
            }
        }
        return new RelocatedCode(section, code, relocations);
    }

    private static void RelocateCall(
        byte[] code, CodeSection section, int offset, (CodeSection Section, FunctionSymbol Function) target, List<SymbolicRelocation> relocations)
    {
        if (target.Function.IsGlobal)
        {
            PatchCall(code, section, offset, -1);
            relocations.Add(new SymbolicRelocation(offset, ElfConstants.RelocationBpf64_32, new SymbolReference(target.Function.Name, false)));
        }
        else if (ReferenceEquals(target.Section, section))
        {
            PatchCall(code, section, offset, target.Function.InstructionOffset - offset - 1);
        }
        else
        {
            PatchCall(code, section, offset, target.Function.InstructionOffset - 1);
            relocations.Add(new SymbolicRelocation(offset, ElfConstants.RelocationBpf64_32, new SymbolReference(target.Section.Name, true)));
        }
    }

    /// <summary>libbpf turns the load into BPF_PSEUDO_FUNC and finds the callee from the section symbol and the byte offset.</summary>
    private static void RelocateAddress(
        byte[] code, CodeSection section, int offset, (CodeSection Section, FunctionSymbol Function) target, List<SymbolicRelocation> relocations)
    {
        if (target.Function.IsGlobal)
            throw new InvalidObjectModelException($"Section '{section.Name}', instruction {offset}: takes the address of global function '{target.Function.Name}'; callbacks are static subprograms.");
        PatchAddressLoad(code, section, offset, target.Function.InstructionOffset * BpfInstruction.Size);
        relocations.Add(new SymbolicRelocation(offset, ElfConstants.RelocationBpf64_64, new SymbolReference(target.Section.Name, true)));
    }

    private static void PatchAddressLoad(byte[] code, CodeSection section, int offset, int immediate)
    {
        int at = offset * BpfInstruction.Size;
        bool isLoad = at + 2 * BpfInstruction.Size <= code.Length
            && code[at] == BpfOpcode.LoadImm64
            && code[at + BpfInstruction.Size] == 0;
        if (!isLoad)
            throw new InvalidObjectModelException($"Section '{section.Name}', instruction {offset}: an address relocation must point at a 64-bit immediate load (opcode 0x18).");
        code[at + 1] &= 0x0f;
        BinaryPrimitives.WriteInt32LittleEndian(code.AsSpan(at + 4), immediate);
        BinaryPrimitives.WriteInt32LittleEndian(code.AsSpan(at + BpfInstruction.Size + 4), 0);
    }

    private static void PatchCall(byte[] code, CodeSection section, int offset, int immediate)
    {
        int at = offset * BpfInstruction.Size;
        if (at + BpfInstruction.Size > code.Length || code[at] != BpfOpcode.Call)
            throw new InvalidObjectModelException($"Section '{section.Name}', instruction {offset}: a call relocation must point at a call instruction (opcode 0x85).");
        code[at + 1] = (byte)(BpfOpcode.CallLocal << 4 | code[at + 1] & 0x0f);
        BinaryPrimitives.WriteInt32LittleEndian(code.AsSpan(at + 4), immediate);
    }
}
