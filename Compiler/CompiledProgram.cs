using TraitsBpf.Compiler.Il;

namespace TraitsBpf.Compiler;

/// <summary>A program in a compiled object.</summary>
/// <param name="Name">The name from the program's attribute: its ELF symbol and what bpftool shows.</param>
/// <param name="Kind">XDP, TC or socket filter.</param>
/// <param name="SectionName">The ELF section it is in ("xdp", "tc", "socket").</param>
/// <param name="TcDirection">"ingress" or "egress" for TC programs, from the attribute; null otherwise.</param>
/// <param name="InstructionCount">BPF instructions in the program itself (subprograms not counted).</param>
/// <param name="StackSize">Bytes of stack the program's frame uses.</param>
public sealed record CompiledProgram(string Name, ProgramKind Kind, string SectionName, string? TcDirection, int InstructionCount, int StackSize)
{
    /// <summary>The items of the program's frame, largest first (<c>traitsbpf compile -v</c> prints the largest).</summary>
    public IReadOnlyList<FrameItem> FrameItems { get; init; } = [];
}
