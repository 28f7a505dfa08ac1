using TraitsBpf.Compiler.Il;
using TraitsBpf.Compiler.Ir;
using TraitsBpf.Abi;

namespace TraitsBpf.Compiler.Frontend;

/// <summary>
/// Builds a program's IR: the entry function, then every subprogram (a method marked
/// <c>[MethodImpl(MethodImplOptions.NoInlining)]</c>) reachable from it, each once.
/// </summary>
internal sealed class ProgramBuilder(TypeSystem types, string mainAssembly, TraitsBackend backend)
{
    private readonly Dictionary<MethodDesc, IrFunction> subprograms = [];
    private readonly Dictionary<(MethodDesc, CallbackShape), IrFunction> callbacks = [];
    private readonly HashSet<string> symbolNames = new(StringComparer.Ordinal);
    private readonly Queue<(MethodDesc Method, IrFunction Function, CallbackShape? Callback)> pending = new();

    /// <summary>The maps and globals the programs built so far use.</summary>
    public ModuleGlobals Globals { get; } = new(types);

    public IrProgram Build(ProgramDesc program)
    {
        var sources = new Subprograms(SubprogramFor, CallbackFor);
        var entry = FunctionBuilder.BuildProgram(program, types, mainAssembly, sources, Globals, backend);
        var result = new IrProgram(program.Name, program.Kind, program.SectionName, entry);
        while (pending.TryDequeue(out var work))
        {
            if (work.Callback is { } shape)
            {
                FunctionBuilder.BuildCallback(work.Function, work.Method, shape, types, mainAssembly, sources, Globals, backend);
            }
            else
            {
                FunctionBuilder.BuildSubprogram(work.Function, work.Method, types, mainAssembly, sources, Globals, backend);
            }

            result.Subprograms.Add(work.Function);
        }

        return result;
    }

    private IrFunction SubprogramFor(MethodDesc method)
    {
        if (subprograms.TryGetValue(method, out var known))
        {
            return known;
        }

        string name = SymbolName(method);
        var function = new IrFunction(name)
        {
            Location = method.Location,
            SourceMethod = method.FullName,
        };
        var convention = new SubprogramConvention(method);
        if (convention.ReturnsThroughBuffer)
        {
            AddPointerParameter(function, "result");
        }

        for (int a = 0; a < convention.RegisterArguments; a++)
        {
            var type = method.ArgumentType(a, types);
            bool isStruct = type.Kind == TypeKind.Struct;
            string parameterName = method.ArgumentName(a);
            function.Parameters.Add(new Parameter(
                function.Parameters.Count,
                isStruct ? IrType.I64 : FunctionBuilder.IrTypeOf(type),
                isStruct ? ValueKind.Unknown : FunctionBuilder.KindOf(type),
                parameterName));
            function.ParameterSignatures.Add(SignatureOf(parameterName, type));
        }

        if (convention.HasArgumentBlock)
        {
            AddPointerParameter(function, "args");
        }

        if (method.ReturnType.Kind is not (TypeKind.Void or TypeKind.Struct))
        {
            function.ReturnType = FunctionBuilder.IrTypeOf(method.ReturnType);
            function.ReturnKind = FunctionBuilder.KindOf(method.ReturnType);
            function.ReturnSignature = SignatureOf("", method.ReturnType);
        }

        subprograms[method] = function;
        pending.Enqueue((method, function, null));
        return function;
    }

    /// <summary>
    /// A callback subprogram with the registers of <paramref name="shape"/>, as C declares one (see <see cref="CallbackShape"/>).
    /// A method used in two ways is two subprograms.
    /// </summary>
    private IrFunction CallbackFor(MethodDesc method, CallbackShape shape)
    {
        if (callbacks.TryGetValue((method, shape), out var known))
        {
            return known;
        }

        var function = new IrFunction(SymbolName(method, "_callback"))
        {
            Location = method.Location,
            SourceMethod = method.FullName,
            ReturnType = IrType.I64,
            ReturnKind = ValueKind.Scalar,
            ReturnSignature = new ScalarSignature("", 8, true, false),
        };
        for (int r = 0; r < shape.Registers.Count; r++)
        {
            var register = shape.Registers[r];
            if (register.IsPointer)
            {
                AddPointerParameter(function, register.Name);
                function.Parameters[^1].Kind = register.Kind;
            }
            else
            {
                function.Parameters.Add(new Parameter(r, FunctionBuilder.IrTypeOf(method.Parameters[r - shape.HiddenRegisters]), register.Kind, register.Name));
                function.ParameterSignatures.Add(new ScalarSignature(register.Name, 8, false, false));
            }
        }

        callbacks[(method, shape)] = function;
        pending.Enqueue((method, function, shape));
        return function;
    }

    /// <summary>A hidden parameter: the address of the caller's result buffer or argument block.</summary>
    private static void AddPointerParameter(IrFunction function, string name)
    {
        function.Parameters.Add(new Parameter(function.Parameters.Count, IrType.I64, ValueKind.Unknown, name));
        function.ParameterSignatures.Add(new ScalarSignature(name, 8, false, true));
    }

    private static ScalarSignature SignatureOf(string name, TypeDesc type)
    {
        bool pointer = type.IsPointerLike || type.Kind is TypeKind.Struct or TypeKind.Class;
        return new ScalarSignature(name, pointer ? 8 : type.Underlying.Size, type.IsSigned, pointer);
    }

    /// <summary>A C identifier for the subprogram: its type and method name and <paramref name="role"/>, made unique by position if needed.</summary>
    private string SymbolName(MethodDesc method, string role = "")
    {
        var name = new System.Text.StringBuilder();
        foreach (char c in $"{method.DeclaringType.Name}_{method.Name}{role}")
        {
            name.Append(char.IsAsciiLetterOrDigit(c) ? c : '_');
        }

        string baseName = name.ToString();
        string candidate = baseName;
        int suffix = 1;
        while (!symbolNames.Add(candidate))
        {
            candidate = $"{baseName}_{suffix++}";
        }

        return candidate;
    }
}
