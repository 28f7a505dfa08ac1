using System.Reflection;
using TraitsBpf.Compiler;
using TraitsBpf.Compiler.Diagnostics;
using TraitsBpf.Programs.Tests.Infrastructure;
using TraitsBpf.Programs.Tests.Samples;
using TraitsBpf.TestSupport.Docs;

namespace TraitsBpf.Programs.Tests.Constructs;

/// <summary>
/// Keeps docs/compiler.md's construct table true for the programs of this assembly: a supported
/// construct compiles, passes the verifier and agrees with managed execution on random packets;
/// a refused one is refused at its marked line with the message the table quotes. Run as managed code, the socket
/// lookups of <c>c_kernel_embedded_member</c> read the <see cref="SocketTable"/>, which other tests fill.
/// </summary>
[Collection(nameof(SocketTable))]
public sealed class ConstructTableTests
{
    private static readonly string Assembly = typeof(ConstructPrograms).Assembly.Location;

    private static readonly Dictionary<string, MethodInfo> Programs = typeof(ConstructPrograms).Assembly.GetTypes()
        .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static))
        .Select(m => (Method: m, Attribute: m.GetCustomAttribute<XdpAttribute>()))
        .Where(p => p.Attribute is not null)
        .ToDictionary(p => p.Attribute!.Name, p => p.Method);

    public static TheoryData<string> SupportedRows() => [.. ConstructTable.Rows.Where(r => r.Supported && Programs.ContainsKey(r.Program)).Select(r => r.Program)];

    public static TheoryData<string> RefusedRows() => [.. ConstructTable.Rows.Where(r => !r.Supported && Programs.ContainsKey(r.Program)).Select(r => r.Program)];

    [Theory]
    [MemberData(nameof(SupportedRows))]
    public void ASupportedConstructCompilesLoadsAndAgreesWithManagedExecution(string program)
    {
        using var compiled = new CompiledAssembly(Assembly, program);
        var managed = Programs[program].CreateDelegate<Func<XdpContext, XdpAction>>();
        var random = new Random(program.Length * 7919);
        for (int n = 0; n < 64; n++)
        {
            var packet = new byte[random.Next(64, 128)];
            random.NextBytes(packet);
            SampleRunner.Xdp(compiled, program, managed, packet);
        }
    }

    [Theory]
    [MemberData(nameof(RefusedRows))]
    public void ARefusedConstructIsRefusedAtItsLineWithTheTablesMessage(string program)
    {
        var row = ConstructTable.Rows.Single(r => r.Program == program);
        var error = Assert.Throws<CompileException>(() => BpfCompiler.Compile(Assembly, new CompilerOptions { Programs = [program] }));
        Assert.Contains(row.Message, error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.Location);
        Assert.EndsWith("ConstructPrograms.cs", error.Location!.File, StringComparison.Ordinal);
        Assert.Contains("// construct:", File.ReadAllLines(error.Location.File)[error.Location.Line - 1], StringComparison.Ordinal);
    }

    [Fact]
    public void EveryConstructProgramIsInTheTableAndEveryRowHasAProgram()
    {
        var named = ConstructTable.Rows.Select(r => r.Program).ToHashSet(StringComparer.Ordinal);
        Assert.All(Programs.Keys.Where(p => p.StartsWith("c_", StringComparison.Ordinal)), p => Assert.Contains(p, named));
        // Rows whose program is not here are the compiler tests' rejected programs, checked there.
        Assert.All(named.Where(p => !Programs.ContainsKey(p)), p => Assert.StartsWith("bad", p, StringComparison.Ordinal));
        Assert.All(ConstructTable.Rows.Where(r => !r.Supported), r => Assert.NotEqual("", r.Message));
    }
}
