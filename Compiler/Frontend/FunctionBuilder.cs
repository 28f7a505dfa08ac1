using TraitsBpf.Compiler.Diagnostics;
using TraitsBpf.Compiler.Il;
using TraitsBpf.Compiler.Ir;
using TraitsBpf.Compiler.Ir.Ssa;
using TraitsBpf.Abi;
using TraitsBpf.Object;

namespace TraitsBpf.Compiler.Frontend;

/// <summary>
/// Translates one C# method, and everything it calls that is inlined, into an SSA
/// <see cref="IrFunction"/>. The IL is read block by block in reverse postorder; the
/// evaluation stack is simulated, locals and arguments become SSA variables unless their
/// address is taken or they are structs (then they live in stack slots), and calls are
/// inlined unless the callee asks not to be (then it becomes a BPF subprogram).
/// </summary>
internal sealed partial class FunctionBuilder
{
    private const int MaxInlineDepth = 32;

    private readonly TypeSystem types;
    private readonly IrFunction function;
    private readonly SsaBuilder ssa;
    private readonly string mainAssembly;
    private readonly Subprograms subprograms;
    private readonly ModuleGlobals globals;
    private readonly TraitsBackend backend;
    private ProgramKind? programKind;

    // A cgroup socket-address program's hook (sendmsg4, ...), whose rules decide which context fields it may use.
    private string? attachTarget;

    // The map slot an XDP program runs from ("cpumap", "devmap"), or null on an interface: it decides whether the
    // program may read the egress interface and redirect.
    private string? xdpSlot;
    private BasicBlock current = null!;
    private List<StackEntry> stack = [];
    private InlineFrame frame = null!;
    private IlInstruction instruction = null!;
    private SourceLocation? location;
    private int inlineDepth;
    private readonly Dictionary<Value, string> stringLiterals = [];

    private FunctionBuilder(TypeSystem types, IrFunction function, string mainAssembly, Subprograms subprograms, ModuleGlobals globals, TraitsBackend backend)
    {
        this.globals = globals;
        this.backend = backend;
        this.types = types;
        this.function = function;
        this.mainAssembly = mainAssembly;
        this.subprograms = subprograms;
        ssa = new SsaBuilder(function);
    }

    /// <summary>Builds the function for a program's entry method: one context parameter, returns an action.</summary>
    public static IrFunction BuildProgram(ProgramDesc program, TypeSystem types, string mainAssembly, Subprograms subprograms, ModuleGlobals globals, TraitsBackend backend)
    {
        var function = new IrFunction(program.Name)
        {
            IsProgram = true,
            ReturnType = IrType.I32,
            Location = program.Entry.Location,
            SourceMethod = program.Entry.FullName,
        };
        var ctx = new Parameter(0, IrType.I64, ValueKind.Ctx, "ctx");
        function.Parameters.Add(ctx);
        function.ParameterSignatures.Add(new ScalarSignature("ctx", 8, false, true));
        function.ReturnSignature = new ScalarSignature("", 4, program.Kind != ProgramKind.SocketFilter, false);
        var builder = new FunctionBuilder(types, function, mainAssembly, subprograms, globals, backend) { programKind = program.Kind, attachTarget = program.Kind == ProgramKind.CgroupSockAddr ? program.AttachTarget : null, xdpSlot = program.Kind == ProgramKind.Xdp ? program.AttachTarget : null };
        builder.EnterFunction();
        List<StackEntry> arguments = [new StackEntry(ctx, program.Entry.Parameters[0])];
        if (program.Kind.IsTracing())
        {
            arguments.AddRange(builder.TracedArguments(ctx, program));
        }

        builder.BuildBody(program.Entry, arguments);
        if (builder.needsMetaReservation)
        {
            builder.InsertMetaReservation(program.Entry);
        }

        return function;
    }

    /// <summary>
    /// Builds a subprogram (a method marked NoInlining): parameters in r1–r5, as
    /// <see cref="SubprogramConvention"/> lays them out.
    /// </summary>
    public static void BuildSubprogram(IrFunction function, MethodDesc method, TypeSystem types, string mainAssembly, Subprograms subprograms, ModuleGlobals globals, TraitsBackend backend)
    {
        var builder = new FunctionBuilder(types, function, mainAssembly, subprograms, globals, backend);
        var convention = new SubprogramConvention(method);
        builder.EnterFunction();
        var arguments = new List<StackEntry>();
        for (int a = 0; a < convention.ArgumentCount; a++)
        {
            var type = method.ArgumentType(a, types);
            var value = a < convention.RegisterArguments
                ? function.Parameters[convention.RegisterOf(a)]
                : builder.LoadBlockArgument(function.Parameters[convention.BlockRegister], convention.BlockOffsetOf(a), type);
            arguments.Add(new StackEntry(value, type));
        }

        var resultBuffer = convention.ReturnsThroughBuffer ? function.Parameters[0] : null;
        builder.BuildBody(method, arguments, resultBuffer);
        if (builder.needsMetaReservation)
        {
            throw new Diagnostics.CompileException(
                "a [MethodImpl(NoInlining)] subprogram sets a trait under the meta backend; set traits in the program itself or in inlined methods (the store must be reserved before the program touches the packet)",
                method.Location,
                method.FullName);
        }
    }

    /// <summary>
    /// Builds a callback subprogram (<see cref="Subprograms.Callback"/>) with the registers of <paramref name="shape"/>:
    /// the index and the state's address for bpf_loop; the map, key, value and state for bpf_for_each_map_elem; the map, key and value for a timer;
    /// the record's dynptr and the state for bpf_user_ringbuf_drain. A static lambda is an instance method of C#'s closure class, whose <c>this</c>
    /// nothing reads; it gets a null.
    /// </summary>
    public static void BuildCallback(IrFunction function, MethodDesc method, CallbackShape shape, TypeSystem types, string mainAssembly, Subprograms subprograms, ModuleGlobals globals, TraitsBackend backend)
    {
        var builder = new FunctionBuilder(types, function, mainAssembly, subprograms, globals, backend);
        builder.EnterFunction();
        var arguments = new List<StackEntry>();
        if (!method.IsStatic)
        {
            arguments.Add(new StackEntry(new Constant(0, IrType.I64, ValueKind.Unknown), method.DeclaringType));
        }

        // The map a bpf_for_each_map_elem or timer callback gets first has no C# parameter.
        int hidden = shape.HiddenRegisters;
        for (int p = 0; p < method.Parameters.Count; p++)
        {
            arguments.Add(new StackEntry(function.Parameters[hidden + p], method.Parameters[p]));
        }

        builder.BuildBody(method, arguments);
        if (builder.needsMetaReservation)
        {
            throw new Diagnostics.CompileException(
                "a callback (Bpf.Loop, ForEach, Drain) sets a trait under the meta backend; set traits in the program itself (the store must be reserved before the program touches the packet)",
                method.Location,
                method.FullName);
        }
    }

    /// <summary>The IR width of values of a C# type.</summary>
    public static IrType IrTypeOf(TypeDesc type) => type.Underlying.Kind switch
    {
        TypeKind.Int64 or TypeKind.UInt64 or TypeKind.IntPtr or TypeKind.UIntPtr or TypeKind.Pointer or TypeKind.ByRef
            or TypeKind.Class or TypeKind.Other or TypeKind.Struct => IrType.I64,
        _ => IrType.I32,
    };

    /// <summary>What a value of a C# type is to the verifier, before anything more precise is known.</summary>
    public static ValueKind KindOf(TypeDesc type) => type.Kind switch
    {
        TypeKind.Class when IsContextClass(type) => ValueKind.Ctx,
        TypeKind.Pointer when type.Element?.KernelName is not null => ValueKind.Kernel,
        TypeKind.Pointer when SocketTypes.IsSocketView(type.Element) => ValueKind.Socket,
        TypeKind.Pointer or TypeKind.ByRef or TypeKind.Class => ValueKind.Unknown,
        _ => ValueKind.Scalar,
    };

    public static bool IsContextClass(TypeDesc type) =>
        type.FullName is "TraitsBpf.XdpContext" or "TraitsBpf.TcContext" or "TraitsBpf.SocketContext" or "TraitsBpf.TraceContext"
            or "TraitsBpf.SockAddrContext" or "TraitsBpf.CgroupSkbContext";

    private void EnterFunction()
    {
        current = function.NewBlock();
        ssa.Seal(current);
    }

    /// <summary>Translates the function's own method; <paramref name="resultBuffer"/> is where a returned struct goes.</summary>
    private void BuildBody(MethodDesc method, IReadOnlyList<StackEntry> arguments, Value? resultBuffer = null)
    {
        var outer = new InlineFrame(method, null) { ReturnHome = resultBuffer };
        TranslateFrame(outer, arguments);
        ssa.Seal(current);
        foreach (var block in function.Blocks)
        {
            ssa.Seal(block);
        }
    }

    internal CompileException Error(string message) =>
        new(message, location ?? frame?.Method.Location, frame?.Method.FullName ?? function.SourceMethod);

    /// <summary>Translates <paramref name="callee"/>'s body starting in the current block; on return the current block is where its <c>ret</c>s meet.</summary>
    private void TranslateFrame(InlineFrame callee, IReadOnlyList<StackEntry> arguments)
    {
        var method = callee.Method;
        var body = method.Body ?? throw Error($"'{method.FullName}' has no IL body the compiler can translate");
        if (body.FirstProtectedInstruction is { } protectedStart)
        {
            location = callee.ForcedLocation ?? body.Instructions[protectedStart].Location ?? location;
            throw Error($"'{method.FullName}' uses try/catch/finally (or 'using', 'lock', 'foreach' over a disposable): exception handling does not exist in BPF");
        }

        var savedFrame = frame;
        var savedStack = stack;
        var savedLocation = location;
        frame = callee;
        stack = [];
        try
        {
            SetUpHomes(arguments);
            var flow = IlControlFlow.Build(body);
            var reachable = flow.ReversePostorder.ToHashSet();
            foreach (var block in flow.ReversePostorder)
            {
                frame.Blocks[block] = function.NewBlock();
                frame.PendingPredecessors[block] = block.Predecessors.Count(reachable.Contains);
            }

            var first = flow.ReversePostorder[0];
            frame.EntryStacks[first] = [];
            Jump(frame.Blocks[first]);
            foreach (var block in flow.TranslationOrder)
            {
                if (block != first && frame.Blocks[block].Predecessors.Count == 0)
                {
                    // Every way in was folded away (a constant condition, often an inlined
                    // argument): translating it would read variables that have no value here.
                    SkipBlock(block);
                    continue;
                }

                TranslateBlock(block, body);
            }

            if (frame.ReturnBlock is not null)
            {
                current = frame.ReturnBlock;
                ssa.Seal(current);
            }
        }
        finally
        {
            frame = savedFrame;
            stack = savedStack;
            location = savedLocation;
        }
    }

    private void TranslateBlock(IlBlock block, IlMethodBody body)
    {
        current = frame.Blocks[block];
        if (frame.PendingPredecessors[block] == 0)
        {
            ssa.Seal(current);
        }

        var entryTypes = frame.EntryStacks[block];
        stack = [];
        for (int i = 0; i < entryTypes.Count; i++)
        {
            stack.Add(IsSpan(entryTypes[i]) ? ArrivingSpan(i, entryTypes[i]) : new StackEntry(ssa.Read(StackVariable(i), current), entryTypes[i]));
        }

        bool terminated = false;
        for (int index = block.Start; index < block.End; index++)
        {
            instruction = body.Instructions[index];
            location = frame.ForcedLocation ?? instruction.Location ?? location;
            terminated = TranslateInstruction(block);
        }

        if (!terminated)
        {
            var next = block.Successors.Single();
            LeaveBlock(block);
            Jump(frame.Blocks[next]);
        }

        foreach (var successor in block.Successors)
        {
            if (--frame.PendingPredecessors[successor] == 0)
            {
                ssa.Seal(frame.Blocks[successor]);
            }
        }
    }

    private void SkipBlock(IlBlock block)
    {
        function.Blocks.Remove(frame.Blocks[block]);
        foreach (var successor in block.Successors)
        {
            if (--frame.PendingPredecessors[successor] == 0)
            {
                ssa.Seal(frame.Blocks[successor]);
            }
        }
    }

    /// <summary>Hands the evaluation stack to the successors of <paramref name="block"/> through stack variables.</summary>
    private void LeaveBlock(IlBlock block)
    {
        for (int i = 0; i < stack.Count; i++)
        {
            if (IsSpan(stack[i].Type))
            {
                LeavingSpan(i, stack[i]);
            }
            else
            {
                ssa.Write(StackVariable(i), current, Resolve(stack[i].Value));
            }
        }

        foreach (var successor in block.Successors)
        {
            if (!frame.EntryStacks.ContainsKey(successor))
            {
                frame.EntryStacks[successor] = stack.Select(e => e.Type).ToList();
            }
            else if (frame.EntryStacks[successor].Count != stack.Count)
            {
                throw Error("the IL evaluation stack has different depths where control flow meets");
            }
        }
    }

    private SsaVariable StackVariable(int depth)
    {
        while (frame.StackVariables.Count <= depth)
        {
            frame.StackVariables.Add(new SsaVariable($"stack{frame.StackVariables.Count}", null, ValueKind.Scalar));
        }

        return frame.StackVariables[depth];
    }

    private void SetUpHomes(IReadOnlyList<StackEntry> arguments)
    {
        var method = frame.Method;
        var body = method.Body!;
        var addressTaken = new HashSet<(bool IsArgument, long Index)>();
        foreach (var i in body.Instructions)
        {
            if (i.Op == IlOpcode.Ldarga)
            {
                addressTaken.Add((true, i.Int));
            }
            else if (i.Op == IlOpcode.Ldloca)
            {
                addressTaken.Add((false, i.Int));
            }
        }

        frame.ArgumentVariables = new SsaVariable?[arguments.Count];
        frame.ArgumentHomes = new Value?[arguments.Count];
        for (int a = 0; a < arguments.Count; a++)
        {
            var type = method.ArgumentType(a, types);
            var value = Resolve(arguments[a].Value);
            if (type.Kind == TypeKind.Struct)
            {
                // The caller passed the address of its private copy: that copy is this argument's home.
                frame.ArgumentHomes[a] = value;
            }
            else if (addressTaken.Contains((true, a)))
            {
                var slot = function.NewSlot(type.Size, type.Alignment, $"{method.Name}.arg{a}");
                var home = Emit(new StackAddressInstruction(slot));
                Store(home, 0, type, value);
                frame.ArgumentHomes[a] = home;
            }
            else
            {
                var variable = new SsaVariable($"{method.Name}.arg{a}", IrTypeOf(type), KindOf(type));
                ssa.Write(variable, current, Normalize(value, type));
                frame.ArgumentVariables[a] = variable;
            }
        }

        frame.LocalVariables = new SsaVariable?[body.Locals.Count];
        frame.LocalHomes = new Value?[body.Locals.Count];
        for (int l = 0; l < body.Locals.Count; l++)
        {
            var type = body.Locals[l];
            string name = body.LocalNames.Count > l && body.LocalNames[l] is { } n ? n : $"local{l}";
            if (type.Kind == TypeKind.Struct || addressTaken.Contains((false, l)))
            {
                RequireUnmanaged(type, $"local '{name}'");
                var slot = function.NewSlot(type.Size, type.Alignment, $"{method.Name}.{name}");
                var home = Emit(new StackAddressInstruction(slot));
                if (IsSpan(type))
                {
                    TrackSpan(home, $"{method.Name}.{name}");
                    WriteSpan(home, SpanParts.Empty);
                }
                else
                {
                    ZeroMemory(home, 0, type.Size, type.Alignment);
                }

                frame.LocalHomes[l] = home;
            }
            else
            {
                // Managed-typed locals are refused where they are used, at the line that uses them.
                var variable = new SsaVariable($"{method.Name}.{name}", IrTypeOf(type), KindOf(type));
                ssa.Write(variable, current, new Constant(0, IrTypeOf(type)));
                frame.LocalVariables[l] = variable;
            }
        }
    }

    private void RequireUnmanaged(TypeDesc type, string what)
    {
        if (type.Kind == TypeKind.Other || (type.Kind == TypeKind.Class && !IsContextClass(type)))
        {
            throw Error($"{what} has type '{type.FullName}', a managed reference type; BPF programs can use only unmanaged types (integers, enums, pointers, structs)");
        }

        if (type.Kind is TypeKind.Single or TypeKind.Double)
        {
            throw Error($"{what} has type '{type.Name}': BPF has no floating point");
        }
    }

    private T Emit<T>(T instruction)
        where T : Instruction
    {
        if (xdpSlot == "devmap" && instruction is HelperCallInstruction { HelperId: BpfHelper.Redirect or BpfHelper.RedirectMap } redirect)
        {
            throw Error($"a DEVMAP program cannot redirect ({(redirect.HelperId == BpfHelper.Redirect ? "bpf_redirect" : "bpf_redirect_map")}): the kernel takes only XDP_PASS (send), XDP_DROP or XDP_ABORTED from it and drops the packet on XDP_REDIRECT");
        }

        instruction.Location = location;
        instruction.Id = function.NewId();
        current.Add(instruction);
        return instruction;
    }

    private void Terminate(Terminator terminator)
    {
        Emit(terminator);
        foreach (var successor in terminator.Successors)
        {
            successor.Predecessors.Add(current);
        }
    }

    private void Jump(BasicBlock target) => Terminate(new JumpTerminator(target));

    private Value Resolve(Value value) => ssa.Resolve(value);

    private StackEntry Pop()
    {
        if (stack.Count == 0)
        {
            throw Error($"'{instruction.Mnemonic}' pops an empty IL evaluation stack");
        }

        var entry = stack[^1];
        stack.RemoveAt(stack.Count - 1);
        return entry with { Value = Resolve(entry.Value) };
    }

    private void Push(Value value, TypeDesc type) => stack.Add(new StackEntry(value, type));
}
