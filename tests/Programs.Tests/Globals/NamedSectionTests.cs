using TraitsBpf.Programs.Tests.Infrastructure;
using TraitsBpf.Programs.Tests.Samples;

namespace TraitsBpf.Programs.Tests.Globals;

/// <summary>
/// <c>[DataSection]</c> globals live in sections of their own exactly as clang puts <c>SEC(".data.NAME")</c>
/// variables (section type and flags, one DATASEC each), libbpf gives each section a map, a
/// <c>.rodata.NAME</c> constant is set before load like any other, and the program behaves as managed code does.
/// </summary>
public sealed class NamedSectionTests
{
    private static readonly string Assembly = typeof(NamedSectionPrograms).Assembly.Location;

    [Fact]
    public void EachNamedSectionIsItsOwnSectionAndDatasecAsClangMakesIt()
    {
        using var programs = new CompiledAssembly(Assembly, "named_sections");
        var path = Path.Combine(Path.GetTempPath(), $"named-sections-{Environment.ProcessId}.o");
        File.WriteAllBytes(path, programs.Result.Object);
        try
        {
            var sections = Tool.RunClean("llvm-readelf", "-S", path).Output;
            Assert.Matches(@"\.rodata\.config\s+PROGBITS\s+\S+\s+\S+\s+000004\s+00\s+A\s", sections);
            Assert.Matches(@"\.data\.stats\s+PROGBITS\s+\S+\s+\S+\s+00000c\s+00\s+WA\s", sections);
            Assert.Matches(@"\.bss\s+NOBITS", sections);
            var btf = Tool.RunClean("bpftool", "btf", "dump", "file", path).Output;
            Assert.Contains("DATASEC '.rodata.config' size=4 vlen=1", btf);
            Assert.Contains("DATASEC '.data.stats' size=12 vlen=2", btf);
            Assert.Contains("(VAR 'Threshold')", btf);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(60)]
    [InlineData(100)]
    [InlineData(101)]
    [InlineData(400)]
    public void TheProgramAgreesWithManagedCodeAndCountsInItsOwnSection(int length)
    {
        using var programs = new CompiledAssembly(Assembly, "named_sections");
        NamedSectionPrograms.Seen = 0;
        SampleRunner.Xdp(programs, "named_sections", NamedSectionPrograms.Run, new byte[length]);
        Assert.Equal(1UL, NamedSectionPrograms.Seen);
        Assert.Equal((uint)length, NamedSectionPrograms.Last);
        var stats = new byte[16];
        programs.Object.ReadVariable("Seen", stats.AsSpan(0, 8));
        programs.Object.ReadVariable("Last", stats.AsSpan(8, 4));
        Assert.Equal(1UL, BitConverter.ToUInt64(stats, 0));
        Assert.Equal((uint)length, BitConverter.ToUInt32(stats, 8));
    }

    [Fact]
    public void A_named_rodata_constant_is_set_before_load()
    {
        using var programs = new CompiledAssembly(Assembly, ["named_sections"], obj => obj.SetConstant("Threshold", "50"));
        Assert.Equal((uint)XdpAction.Drop, programs.Program("named_sections").TestRun(new byte[60]).ReturnValue);
        Assert.Equal((uint)XdpAction.Pass, programs.Program("named_sections").TestRun(new byte[50]).ReturnValue);
    }
}
