using System.Text.RegularExpressions;
using Mono.Cecil;
using Mono.Cecil.Cil;
using TraitsBpf.Compiler.Diagnostics;

namespace TraitsBpf.Compiler.Il;

/// <summary>
/// Opens a compiled .NET assembly as data (it is never loaded or run), with its portable PDB
/// when present, and finds the programs its SDK attributes declare.
/// </summary>
internal sealed partial class AssemblyReader : IDisposable
{
    private const string XdpAttribute = "TraitsBpf.XdpAttribute";
    private const string TcAttribute = "TraitsBpf.TcAttribute";
    private const string SocketFilterAttribute = "TraitsBpf.SocketFilterAttribute";
    private const string CgroupSockAddrAttribute = "TraitsBpf.CgroupSockAddrAttribute";
    private const string CgroupSkbAttribute = "TraitsBpf.CgroupSkbAttribute";
    private const string LicenseAttribute = "TraitsBpf.BpfLicenseAttribute";
    private const string TraceContextType = "TraitsBpf.TraceContext";

    /// <summary>The tracing attributes, each with the kind it declares.</summary>
    private static readonly Dictionary<string, ProgramKind> TracingAttributes = new(StringComparer.Ordinal)
    {
        ["TraitsBpf.TpBtfAttribute"] = ProgramKind.TpBtf,
        ["TraitsBpf.RawTracepointAttribute"] = ProgramKind.RawTracepoint,
        ["TraitsBpf.KprobeAttribute"] = ProgramKind.Kprobe,
        ["TraitsBpf.KretprobeAttribute"] = ProgramKind.Kretprobe,
        ["TraitsBpf.FentryAttribute"] = ProgramKind.Fentry,
        ["TraitsBpf.FexitAttribute"] = ProgramKind.Fexit,
    };

    private readonly AssemblyDefinition assembly;
    private readonly DefaultAssemblyResolver resolver;

    private AssemblyReader(AssemblyDefinition assembly, DefaultAssemblyResolver resolver)
    {
        this.assembly = assembly;
        this.resolver = resolver;
    }

    public TypeSystem Types { get; } = new();

    public string AssemblyName => assembly.Name.Name;

    /// <summary>Opens <paramref name="path"/>; a file that is not a .NET assembly is a <see cref="CompileException"/>.</summary>
    public static AssemblyReader Open(string path)
    {
        if (!File.Exists(path))
        {
            throw new CompileException($"'{path}' does not exist", null, kind: CompileErrorKind.FileNotFound);
        }

        var resolver = new DefaultAssemblyResolver();
        // Cecil also looks in the working directory and its bin/ by default: an assembly's
        // references must come from beside it (or the runtime), not from wherever the tool ran.
        resolver.RemoveSearchDirectory(".");
        resolver.RemoveSearchDirectory("bin");
        resolver.AddSearchDirectory(Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".");
        resolver.AddSearchDirectory(FrameworkDirectory.Path);
        var parameters = new ReaderParameters
        {
            AssemblyResolver = resolver,
            ReadingMode = ReadingMode.Deferred,
            InMemory = true,
        };
        bool hasPdb = File.Exists(Path.ChangeExtension(path, ".pdb"));
        if (hasPdb)
        {
            parameters.ReadSymbols = true;
            parameters.SymbolReaderProvider = new PortablePdbReaderProvider();
        }

        try
        {
            var assembly = AssemblyDefinition.ReadAssembly(path, parameters);
            CheckReferencesBeside(path, assembly, resolver);
            return new AssemblyReader(assembly, resolver);
        }
        catch (Exception e) when (e is BadImageFormatException or InvalidOperationException or ArgumentException
                                       or EndOfStreamException or IOException)
        {
            throw new CompileException($"'{path}' is not a .NET assembly ({e.Message.TrimEnd('.')})", null, kind: CompileErrorKind.NotAnAssembly);
        }
    }

    /// <summary>
    /// Opens each referenced assembly that lies beside <paramref name="path"/> (the SDK, the
    /// user's libraries), so that a damaged one is reported by name now rather than as whatever
    /// Cecil throws when the compilation first touches one of its types.
    /// </summary>
    private static void CheckReferencesBeside(string path, AssemblyDefinition assembly, IAssemblyResolver resolver)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        foreach (var reference in assembly.MainModule.AssemblyReferences)
        {
            var file = Path.Combine(directory, reference.Name + ".dll");
            if (!File.Exists(file))
            {
                continue;
            }

            try
            {
                // Headers and metadata tables only: reading every method body would cost a cold
                // compile a tenth of a second. Damage further in is caught where it is met.
                using var module = ModuleDefinition.ReadModule(file, new ReaderParameters { ReadingMode = ReadingMode.Deferred, AssemblyResolver = resolver });
                _ = module.GetTypes().Count();
            }
            catch (AssemblyResolutionException e)
            {
                throw new CompileException(
                    $"'{file}', which '{path}' references, references assembly '{e.AssemblyReference.Name}', which is not beside it; build the project so that its references are copied to its output directory",
                    null, kind: CompileErrorKind.NotAnAssembly);
            }
            catch (Exception e) when (IsFromCecil(e))
            {
                throw new CompileException(
                    $"'{file}', which '{path}' references, is not a readable .NET assembly ({e.Message.TrimEnd('.')}); rebuild it",
                    null, kind: CompileErrorKind.NotAnAssembly);
            }
        }
    }

    /// <summary>
    /// Whether Cecil threw <paramref name="e"/> (the innermost frame outside the BCL is Cecil's),
    /// which means it met bytes it cannot read; our own bugs stay internal errors.
    /// </summary>
    private static bool IsFromCecil(Exception e)
    {
        if (e is BadImageFormatException or EndOfStreamException)
        {
            return true;
        }

        // DiagnosticMethodInfo, not StackFrame.GetMethod: it names the frame's type in the NativeAOT build too.
        var innermost = new System.Diagnostics.StackTrace(e).GetFrames()
            .Select(f => System.Diagnostics.DiagnosticMethodInfo.Create(f)?.DeclaringTypeName ?? "")
            .FirstOrDefault(ns => !ns.StartsWith("System", StringComparison.Ordinal));
        return innermost?.StartsWith("Mono.Cecil", StringComparison.Ordinal) == true;
    }

    /// <summary>
    /// Runs <paramref name="work"/>, which reads <paramref name="path"/>'s types, turning a referenced
    /// assembly that is missing or unreadable (Cecil resolves references lazily, so this happens
    /// midway through a compilation) into the same "not an assembly" error as a bad input file.
    /// </summary>
    public static T ReadingReferences<T>(string path, Func<T> work)
    {
        try
        {
            return work();
        }
        catch (AssemblyResolutionException e)
        {
            throw new CompileException(
                $"'{path}' references assembly '{e.AssemblyReference.Name}', which is neither beside it nor in the .NET runtime; build the project so that its references are copied to its output directory",
                null, kind: CompileErrorKind.NotAnAssembly);
        }
        catch (Exception e) when (IsFromCecil(e))
        {
            throw new CompileException(
                $"an assembly '{path}' references cannot be read ({e.Message.TrimEnd('.')}); rebuild it",
                null, kind: CompileErrorKind.NotAnAssembly);
        }
    }

    /// <summary>The license from <c>[assembly: BpfLicense]</c>, or "GPL".</summary>
    public string License =>
        assembly.CustomAttributes.FirstOrDefault(a => a.AttributeType.FullName == LicenseAttribute)?.ConstructorArguments[0].Value as string
        ?? "GPL";

    /// <summary>Every method with a program attribute; <see cref="Validate"/> checks one before it is compiled.</summary>
    public IReadOnlyList<ProgramDesc> FindPrograms()
    {
        var programs = new List<ProgramDesc>();
        foreach (var type in assembly.MainModule.GetTypes())
        {
            foreach (var method in type.Methods)
            {
                foreach (var attribute in method.CustomAttributes)
                {
                    ProgramKind? kind = attribute.AttributeType.FullName switch
                    {
                        XdpAttribute => ProgramKind.Xdp,
                        TcAttribute => ProgramKind.Tc,
                        SocketFilterAttribute => ProgramKind.SocketFilter,
                        CgroupSockAddrAttribute => ProgramKind.CgroupSockAddr,
                        CgroupSkbAttribute => ProgramKind.CgroupSkb,
                        var other => TracingAttributes.TryGetValue(other, out var tracing) ? tracing : null,
                    };
                    if (kind is null)
                    {
                        continue;
                    }

                    var desc = Types.ResolveMethod(method, GenericContext.Empty);
                    if (kind.Value.IsTracing())
                    {
                        string programName = attribute.Properties.FirstOrDefault(p => p.Name == "Name").Argument.Value as string ?? method.Name;
                        programs.Add(new ProgramDesc(programName, kind.Value, null, desc, (string)attribute.ConstructorArguments[0].Value));
                        continue;
                    }

                    string name = (string)attribute.ConstructorArguments[0].Value;
                    if (kind == ProgramKind.CgroupSockAddr)
                    {
                        int hook = (int)attribute.ConstructorArguments[1].Value;
                        string suffix = SockAddrHooks.SuffixOf(hook)
                            ?? throw new CompileException($"program '{name}' names socket-address hook {hook}, which is not a SockAddrHook", desc.Location);
                        programs.Add(new ProgramDesc(name, kind.Value, null, desc, suffix));
                        continue;
                    }

                    if (kind == ProgramKind.CgroupSkb)
                    {
                        programs.Add(new ProgramDesc(name, kind.Value, null, desc, (int)attribute.ConstructorArguments[1].Value == 0 ? "ingress" : "egress"));
                        continue;
                    }

                    if (kind == ProgramKind.Xdp)
                    {
                        int hook = attribute.ConstructorArguments.Count > 1 ? (int)attribute.ConstructorArguments[1].Value : 0;
                        string? slot = hook switch
                        {
                            0 => null,
                            1 => "cpumap",
                            2 => "devmap",
                            _ => throw new CompileException($"program '{name}' names XDP hook {hook}, which is not an XdpAttach", desc.Location),
                        };
                        bool fragments = attribute.Properties.FirstOrDefault(p => p.Name == "Fragments").Argument.Value is true;
                        programs.Add(new ProgramDesc(name, kind.Value, null, desc, slot) { Fragments = fragments });
                        continue;
                    }

                    string? direction = kind == ProgramKind.Tc && attribute.ConstructorArguments.Count > 1
                        ? (int)attribute.ConstructorArguments[1].Value == 0 ? "ingress" : "egress"
                        : kind == ProgramKind.Tc ? "ingress" : null;
                    programs.Add(new ProgramDesc(name, kind.Value, direction, desc));
                }
            }
        }

        return programs;
    }

    /// <summary>Checks that <paramref name="program"/> is static, has its kind's signature and a valid name no other program uses.</summary>
    public static void Validate(ProgramDesc program, IReadOnlyList<ProgramDesc> all)
    {
        var method = program.Entry;
        string name = program.Name;
        var kind = program.Kind;
        var location = method.Location;
        if (!ProgramName().IsMatch(name))
        {
            throw new CompileException(
                $"program name '{name}' on {method.FullName} must be 1 to 128 letters, digits or underscores, starting with a letter or underscore",
                location);
        }

        var clash = all.FirstOrDefault(p => p.Name == name && p != program);
        if (clash is not null)
        {
            throw new CompileException($"program name '{name}' is used by both {clash.Entry.FullName} and {method.FullName}", location);
        }

        if (kind.IsTracing())
        {
            ValidateTracing(program);
            return;
        }

        (string context, string result) = kind switch
        {
            ProgramKind.Xdp => ("TraitsBpf.XdpContext", "TraitsBpf.XdpAction"),
            ProgramKind.Tc => ("TraitsBpf.TcContext", "TraitsBpf.TcAction"),
            ProgramKind.CgroupSockAddr => ("TraitsBpf.SockAddrContext", "TraitsBpf.SockAddrVerdict"),
            ProgramKind.CgroupSkb => ("TraitsBpf.CgroupSkbContext", "TraitsBpf.CgroupSkbVerdict"),
            _ => ("TraitsBpf.SocketContext", "System.UInt32"),
        };
        if (!method.IsStatic || method.Parameters.Count != 1 || method.Parameters[0].FullName != context
            || method.ReturnType.FullName != result || method.GenericArguments.Count > 0)
        {
            string shortContext = context[(context.LastIndexOf('.') + 1)..];
            string shortResult = result == "System.UInt32" ? "uint" : result[(result.LastIndexOf('.') + 1)..];
            throw new CompileException(
                $"program '{name}' must be declared as 'static {shortResult} {method.Name}({shortContext} ctx)'",
                location);
        }
    }

    /// <summary>
    /// A tracing program: <c>static int Name(TraceContext ctx, ...)</c> whose further parameters are the
    /// traced function's arguments in order, each a pointer or an integer of at most 8 bytes, no more
    /// than the kind can pass (six registers for a kprobe, the return value alone for a kretprobe,
    /// twelve u64 cells otherwise).
    /// </summary>
    private static void ValidateTracing(ProgramDesc program)
    {
        var method = program.Entry;
        var location = method.Location;
        string section = program.SectionName;
        if (program.AttachTarget is not { } target || !TracingTarget().IsMatch(target))
        {
            throw new CompileException(
                $"program '{program.Name}' attaches to '{program.AttachTarget}', which is not a kernel function or tracepoint name (letters, digits, '_' and '.')",
                location);
        }

        if (!method.IsStatic || method.Parameters.Count == 0 || method.Parameters[0].FullName != TraceContextType
            || method.ReturnType.FullName != "System.Int32" || method.GenericArguments.Count > 0)
        {
            throw new CompileException(
                $"tracing program '{program.Name}' ({section}) must be declared as 'static int {method.Name}(TraceContext ctx, ...)', the traced function's arguments following the context",
                location);
        }

        int limit = program.Kind switch
        {
            ProgramKind.Kprobe => TracingArguments.KprobeRegisterCount,
            ProgramKind.Kretprobe => 1,
            _ => TracingArguments.MaxCells,
        };
        int arguments = method.Parameters.Count - 1;
        if (arguments > limit)
        {
            throw new CompileException(
                $"tracing program '{program.Name}' ({section}) takes {arguments} arguments after the context; a {program.Kind} program receives at most {limit}",
                location);
        }

        foreach (var parameter in method.Parameters.Skip(1))
        {
            var underlying = parameter.Underlying;
            if (!(underlying.Kind is TypeKind.Pointer || (underlying.IsInteger && underlying.Size <= 8)))
            {
                throw new CompileException(
                    $"tracing program '{program.Name}' takes a parameter of type '{parameter.FullName}'; the traced function's arguments arrive as 64-bit cells, so each must be a pointer or an integer",
                    location);
            }
        }
    }

    [GeneratedRegex(@"\A[A-Za-z_][A-Za-z0-9_.]{0,127}\z")]
    private static partial Regex TracingTarget();

    // libbpf finds programs by their full ELF symbol name and truncates only the name it gives the
    // kernel (BPF_OBJ_NAME_LEN, 15 characters), so longer names are fine. \z, not $, which would
    // also match before a final newline.
    [GeneratedRegex(@"\A[A-Za-z_][A-Za-z0-9_]{0,127}\z")]
    private static partial Regex ProgramName();

    public void Dispose()
    {
        assembly.Dispose();
        resolver.Dispose();
    }
}
