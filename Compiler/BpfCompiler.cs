using TraitsBpf.Compiler.Bpf;
using TraitsBpf.Compiler.Bpf.Emission;
using TraitsBpf.Compiler.Diagnostics;
using TraitsBpf.Compiler.Il;
using TraitsBpf.Compiler.Ir;
using TraitsBpf.Compiler.Frontend;
using TraitsBpf.Compiler.Linking;
using TraitsBpf.Object;
using TraitsBpf.Compiler.Passes;

namespace TraitsBpf.Compiler;

/// <summary>
/// Compiles the BPF programs in a .NET assembly (methods with <c>[Xdp]</c>, <c>[Tc]</c>,
/// <c>[SocketFilter]</c>, <c>[CgroupSockAddr]</c> or a tracing attribute) into one BPF ELF object. The assembly is read as data; it is never
/// loaded or run. Anything that cannot be translated is a <see cref="CompileException"/> naming
/// the C# file and line.
/// </summary>
public static class BpfCompiler
{
    /// <summary>Compiles <paramref name="assemblyPath"/> (its PDB, when beside it, gives line info).</summary>
    /// <exception cref="CompileException">The assembly or a program in it cannot be compiled.</exception>
    public static CompilationResult Compile(string assemblyPath, CompilerOptions? options = null) =>
        AssemblyReader.ReadingReferences(assemblyPath, () => CompileAssembly(assemblyPath, options ?? new CompilerOptions()));

    private static CompilationResult CompileAssembly(string assemblyPath, CompilerOptions options)
    {
        using var reader = AssemblyReader.Open(assemblyPath);
        var programs = Select(reader.FindPrograms(), options.Programs, assemblyPath);
        var builder = new ProgramBuilder(reader.Types, reader.AssemblyName, options.Traits);
        var assembler = new ObjectAssembler(reader.License);
        var compiled = new List<CompiledProgram>();
        var subprograms = new List<string>();
        foreach (var program in programs)
        {
            var ir = Lower(builder, program, options);
            var code = BpfBackend.Compile(ir.Entry);
            var subprogramCode = ir.Subprograms.Select(s => (Function: s, Code: BpfBackend.Compile(s))).ToList();
            var frameSizes = subprogramCode.ToDictionary(s => s.Function, s => s.Code.FrameSize);
            frameSizes[ir.Entry] = code.FrameSize;
            CallChainStack.Check(ir, frameSizes);
            assembler.AddProgram(ir, code);
            compiled.Add(new CompiledProgram(program.Name, program.Kind, program.SectionName, program.TcDirection, code.InstructionCount, code.FrameSize)
            {
                FrameItems = code.FrameItems,
            });
            foreach (var (subprogram, encoded) in subprogramCode)
            {
                assembler.AddSubprogram(subprogram, encoded);
                subprograms.Add(subprogram.Name);
            }
        }

        // libbpf creates maps in .maps order and (1.1) fills an array of maps' slots as it creates it, so the maps
        // that fill slots come first; they cannot have slots themselves, since the kernel does not nest maps of maps.
        foreach (var map in builder.Globals.Maps.OrderBy(map => map.Slots is { Count: > 0 }))
        {
            assembler.AddMap(map);
        }

        foreach (var global in builder.Globals.Globals)
        {
            assembler.AddGlobal(global);
        }

        foreach (var (kfunc, declaration) in builder.Globals.Kfuncs)
        {
            assembler.AddKfunc(kfunc, declaration);
        }

        if (builder.Globals.Traits.Count > 0 || builder.Globals.ReservedKeys.Count > 0 || builder.Globals.UsesTraits)
        {
            assembler.AddTraitsManifest(options.Traits, builder.Globals.Traits, builder.Globals.ReservedKeys);
        }

        byte[] bytes;
        try
        {
            bytes = ObjectWriter.Write(assembler.Build());
        }
        catch (InvalidObjectModelException e)
        {
            throw new CompileException($"the object cannot be written: {e.Message}", null);
        }

        return new CompilationResult(bytes, compiled, subprograms)
        {
            Maps = [.. builder.Globals.Maps.Select(m => new CompiledMap(m.Name, m.MapType,
                m.Key is null ? ImplicitElement(m.KeySize) : CSharpName(m.Key),
                m.Value is null ? ImplicitElement(m.ValueSize) : CSharpName(m.Value),
                m.Key?.Size ?? m.KeySize, m.Value?.Size ?? m.ValueSize, m.MaxEntries))],
            Globals = [.. builder.Globals.Globals.Where(g => g.Type is not null && !g.IsKey)
                .Select(g => new CompiledGlobal(g.Name, g.SectionName, CSharpName(g.Type!), g.InitialValue.Length))],
        };
    }

    /// <summary>An array index, a program array's descriptor or a device map's ifindex: a u32 the map's type implies.</summary>
    private static string? ImplicitElement(int size) => size == 4 ? "uint" : null;

    /// <summary>The type as C# in another assembly writes it, or null when it cannot (not public, a pointer, generic).</summary>
    private static string? CSharpName(TypeDesc type) => type.Kind switch
    {
        TypeKind.Boolean => "bool",
        TypeKind.Char => "char",
        TypeKind.SByte => "sbyte",
        TypeKind.Byte => "byte",
        TypeKind.Int16 => "short",
        TypeKind.UInt16 => "ushort",
        TypeKind.Int32 => "int",
        TypeKind.UInt32 => "uint",
        TypeKind.Int64 => "long",
        TypeKind.UInt64 => "ulong",
        TypeKind.IntPtr => "nint",
        TypeKind.UIntPtr => "nuint",
        TypeKind.Struct or TypeKind.Enum when type.IsPublic && type.GenericArguments.Count == 0 => "global::" + type.FullName.Replace('/', '.'),
        _ => null,
    };

    /// <summary>
    /// The IR of the selected programs and their subprograms after the pass pipeline, as the
    /// backend receives it; for IR-level tests.
    /// </summary>
    internal static IReadOnlyList<IrFunction> CompileToIr(string assemblyPath, CompilerOptions options)
    {
        using var reader = AssemblyReader.Open(assemblyPath);
        var builder = new ProgramBuilder(reader.Types, reader.AssemblyName, options.Traits);
        return [.. Select(reader.FindPrograms(), options.Programs, assemblyPath).SelectMany(p => Lower(builder, p, options).Functions)];
    }

    /// <summary>Frontend, pass pipeline, span, loop bound, reference and spin lock checks: everything before the backend.</summary>
    private static IrProgram Lower(ProgramBuilder builder, ProgramDesc program, CompilerOptions options)
    {
        var ir = builder.Build(program);
        foreach (var function in ir.Functions)
        {
            PassPipeline.Optimize(function, options.VerifyIr);
            KernelPathFolding.Fold(function);
            SpanBoundsCheck.Check(function);
            LoopBoundCheck.Check(function);
            SocketReferenceCheck.Check(function);
            RingBufferDynptrCheck.Check(function);
            NullableSocketCheck.Check(function);
            SpinLockCheck.Check(function);
        }

        return ir;
    }

    private static List<ProgramDesc> Select(IReadOnlyList<ProgramDesc> found, IReadOnlyList<string> wanted, string assemblyPath)
    {
        if (found.Count == 0)
        {
            throw new CompileException($"'{Path.GetFileName(assemblyPath)}' has no BPF programs: mark a static method with [Xdp(\"name\")], [Tc(\"name\")], [SocketFilter(\"name\")], [CgroupSockAddr(\"name\", hook)] or [CgroupSkb(\"name\", direction)]", null, kind: CompileErrorKind.ProgramNotFound);
        }

        var selected = new List<ProgramDesc>();
        foreach (string name in wanted)
        {
            var program = found.FirstOrDefault(p => p.Name == name)
                ?? throw new CompileException($"'{Path.GetFileName(assemblyPath)}' has no program named '{name}'; it has {string.Join(", ", found.Select(p => p.Name))}", null, kind: CompileErrorKind.ProgramNotFound);
            selected.Add(program);
        }

        if (wanted.Count == 0)
        {
            selected.AddRange(found);
        }

        foreach (var program in selected)
        {
            AssemblyReader.Validate(program, found);
        }

        return selected;
    }
}
