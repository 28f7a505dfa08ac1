using System.Reflection;
using System.Runtime.Loader;
using Mono.Cecil;
using TraitsBpf.Compiler.Diagnostics;
using TraitsBpf.Compiler.Frontend;
using TraitsBpf.Compiler.Il;
using TraitsBpf.Programs.Tests.Features;
using TraitsBpf.Programs.Tests.Infrastructure;
using TraitsBpf.Programs.Tests.Samples;

namespace TraitsBpf.Programs.Tests.Coverage;

/// <summary>
/// Holds the frontend to what its dispatch claims: every opcode form it does not refuse
/// outright (<see cref="OpcodeSupport.Translated"/>, derived from the same table the dispatch
/// refuses from) must appear in the IL of at least one program of this assembly that compiles,
/// passes the verifier and returns what managed execution returns, with the same packet bytes,
/// on random packets. A form the dispatch would accept with no such program fails the test by
/// name. The forms a program uses are read with Cecil from its method and the methods of this
/// assembly it calls (the compiler inlines or compiles those; SDK and BCL methods it lowers
/// itself count for nothing).
/// </summary>
[Collection(ManagedMapsCollection.Name)]
public sealed class IlCoverageTests
{
    private const int PacketsPerProgram = 32;

    [Fact]
    public void EveryTranslatedOpcodeFormRunsInAProgramThatAgreesWithManagedExecution()
    {
        var assembly = typeof(IlCoverageTests).Assembly;
        using var module = ModuleDefinition.ReadModule(assembly.Location);
        var covered = new Dictionary<IlForm, string>();
        var notCounted = new List<string>();
        foreach (var (name, method) in XdpPrograms(assembly))
        {
            Count(assembly.Location, module, name, method, covered, notCounted);
        }

        // cpobj and nop, which C# does not emit, in a rewritten copy of one program, run both ways.
        string rewritten = IlRewriter.WriteWithCpobjAndNop(assembly.Location, typeof(IlFormPrograms).FullName!, nameof(IlFormPrograms.StructCopy), "TraitsBpf.Programs.Tests.IlRewritten");
        var context = new AssemblyLoadContext("il-rewritten", isCollectible: true);
        try
        {
            var copy = context.LoadFromAssemblyPath(rewritten).GetType(typeof(IlFormPrograms).FullName!)!.GetMethod(nameof(IlFormPrograms.StructCopy))!;
            using var rewrittenModule = ModuleDefinition.ReadModule(rewritten);
            Count(rewritten, rewrittenModule, "feat_il_struct_copy", copy, covered, notCounted);
        }
        finally
        {
            context.Unload();
            File.Delete(rewritten);
        }

        var uncovered = OpcodeSupport.Translated.Where(f => !covered.ContainsKey(f)).Select(f => f.ToString()).Order(StringComparer.Ordinal).ToList();
        Assert.True(
            uncovered.Count == 0,
            $"the frontend translates {string.Join(", ", uncovered)} but no program that agrees with managed execution uses them; programs not counted: {string.Join("; ", notCounted)}");
    }

    [Fact]
    public void TheClaimedFormsIncludeTheCommonOnesAndNoneThatAreRefused()
    {
        var translated = OpcodeSupport.Translated;
        Assert.Contains(new IlForm(IlOpcode.Ldarg, IlValueKind.None, false), translated);
        Assert.Contains(new IlForm(IlOpcode.Conv, IlValueKind.U1, false), translated);
        Assert.DoesNotContain(new IlForm(IlOpcode.Add, IlValueKind.None, true), translated);
        Assert.DoesNotContain(new IlForm(IlOpcode.Conv, IlValueKind.R8, false), translated);
        Assert.DoesNotContain(new IlForm(IlOpcode.Newarr, IlValueKind.None, false), translated);
    }

    /// <summary>Adds the forms <paramref name="method"/> uses to <paramref name="covered"/> when the program agrees with managed execution.</summary>
    private static void Count(string assemblyPath, ModuleDefinition module, string name, MethodInfo method, Dictionary<IlForm, string> covered, List<string> notCounted)
    {
        if (Disagreement(assemblyPath, name, method) is { } why)
        {
            notCounted.Add($"{name} in {Path.GetFileName(assemblyPath)} ({why})");
            return;
        }

        foreach (var form in FormsUsedBy(module, method))
        {
            covered.TryAdd(form, name);
        }
    }

    /// <summary>Null when the program compiles, loads and agrees with managed execution on random packets; else why not.</summary>
    private static string? Disagreement(string assemblyPath, string name, MethodInfo method)
    {
        CompiledAssembly compiled;
        try
        {
            compiled = new CompiledAssembly(assemblyPath, name);
        }
        catch (CompileException e)
        {
            return $"refused: {e.Message}";
        }
        catch (Loader.LoaderException e)
        {
            // A device-bound program (receive-metadata kfuncs) loads only for an interface, and no program here is attached.
            return $"does not load unattached: {e.Message}";
        }

        using (compiled)
        {
            var managed = method.CreateDelegate<Func<XdpContext, XdpAction>>();
            try
            {
                SampleRunner.XdpOnRandomPackets(compiled, name, managed, name.Length * 31337, PacketsPerProgram, 14, 300);
            }
            catch (Xunit.Sdk.XunitException e)
            {
                return $"disagrees: {e.Message}";
            }
            catch (BadImageFormatException)
            {
                return "calls a [Kfunc] extern, which only the kernel runs";
            }
            catch (NotSupportedException e)
            {
                return $"needs an input of managed execution a random packet does not give: {e.Message}";
            }
        }

        return null;
    }

    private static IEnumerable<(string Name, MethodInfo Method)> XdpPrograms(Assembly assembly) =>
        assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static))
            .Select(m => (Method: m, Attribute: m.GetCustomAttribute<XdpAttribute>()))
            // A CPU or device map slot's program cannot be test-run (the kernel answers EINVAL): MapSlotTests runs those on traffic.
            .Where(p => p.Attribute is { Attach: XdpAttach.Interface } && p.Method.ReturnType == typeof(XdpAction))
            .Select(p => (p.Attribute!.Name, p.Method))
            .OrderBy(p => p.Name, StringComparer.Ordinal);

    /// <summary>The opcode forms in <paramref name="program"/> and the methods of its module it calls, transitively.</summary>
    private static HashSet<IlForm> FormsUsedBy(ModuleDefinition module, MethodInfo program)
    {
        var start = module.LookupToken(program.MetadataToken) as MethodDefinition
            ?? throw new InvalidOperationException($"{program.Name} is not in {module.Name}");
        var forms = new HashSet<IlForm>();
        var seen = new HashSet<MethodDefinition> { start };
        var work = new Stack<MethodDefinition>([start]);
        while (work.Count > 0)
        {
            var method = work.Pop();
            foreach (var instruction in method.Body.Instructions)
            {
                if (IlOpcodeForms.ByMnemonic.TryGetValue(instruction.OpCode.Name, out var form))
                {
                    forms.Add(form);
                }

                if (instruction.Operand is MethodReference callee && callee.Module == module
                    && callee.Resolve() is { HasBody: true } definition
                    && !(definition.IsConstructor && definition.IsStatic) && definition.Module == module && seen.Add(definition))
                {
                    work.Push(definition);
                }
            }
        }

        return forms;
    }
}
