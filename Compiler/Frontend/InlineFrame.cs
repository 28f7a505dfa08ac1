using TraitsBpf.Compiler.Diagnostics;
using TraitsBpf.Compiler.Il;
using TraitsBpf.Compiler.Ir;
using TraitsBpf.Compiler.Ir.Ssa;

namespace TraitsBpf.Compiler.Frontend;

/// <summary>
/// One method being translated: the program entry, a subprogram, or a method inlined into one
/// of those. Holds where its arguments and locals live (SSA variables or stack slots) and, for
/// inlined methods, where its <c>ret</c> goes.
/// </summary>
internal sealed class InlineFrame(MethodDesc method, InlineFrame? caller)
{
    public MethodDesc Method { get; } = method;

    public InlineFrame? Caller { get; } = caller;

    public IlMethodBody Body => Method.Body!;

    /// <summary>Per IL argument: the SSA variable, or null when it lives in memory at <see cref="ArgumentHomes"/>.</summary>
    public SsaVariable?[] ArgumentVariables { get; set; } = [];

    /// <summary>Per IL argument kept in memory: the address of its home (a stack slot, or the caller's struct copy).</summary>
    public Value?[] ArgumentHomes { get; set; } = [];

    public SsaVariable?[] LocalVariables { get; set; } = [];

    /// <summary>Per local kept in memory (structs, address-taken): the address of its stack slot.</summary>
    public Value?[] LocalHomes { get; set; } = [];

    /// <summary>Where an inlined <c>ret</c> jumps; null for the function's own method.</summary>
    public BasicBlock? ReturnBlock { get; set; }

    /// <summary>The inlined method's scalar return value.</summary>
    public SsaVariable? ReturnVariable { get; set; }

    /// <summary>Where an inlined method returning a struct puts it (the address of a temporary in the caller).</summary>
    public Value? ReturnHome { get; set; }

    /// <summary>
    /// When set, every instruction of this frame is attributed to this location: code inlined
    /// from the SDK or another assembly shows as the user's call site.
    /// </summary>
    public SourceLocation? ForcedLocation { get; init; }

    /// <summary>IR block of each IL block.</summary>
    public Dictionary<IlBlock, BasicBlock> Blocks { get; } = [];

    /// <summary>SSA variables for evaluation-stack positions at block boundaries.</summary>
    public List<SsaVariable> StackVariables { get; } = [];

    /// <summary>Evaluation-stack depth on entry to each IL block.</summary>
    public Dictionary<IlBlock, List<TypeDesc>> EntryStacks { get; } = [];

    /// <summary>IL predecessors not yet translated, per block; the block is sealed at zero.</summary>
    public Dictionary<IlBlock, int> PendingPredecessors { get; } = [];

    public bool IsActive(MethodDesc method) => Method == method || (Caller?.IsActive(method) ?? false);
}
