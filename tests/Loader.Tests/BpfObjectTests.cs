using TraitsBpf.Loader.Tests.Infrastructure;
using TraitsBpf.Object;

namespace TraitsBpf.Loader.Tests;

/// <summary>Opening clang-compiled objects: programs, maps and variables as libbpf sees them (no kernel needed).</summary>
public sealed class BpfObjectTests
{
    [Fact]
    public void Open_lists_programs_with_names_sections_and_types()
    {
        using var obj = BpfObject.Open(ClangObjects.Path("verdicts"));

        Assert.Equal("verdicts", obj.Name);
        Assert.Equal(
            [("xdp_verdict", "xdp", BpfProgramType.Xdp), ("tc_verdict", "tc", BpfProgramType.SchedCls), ("socket_length", "socket", BpfProgramType.SocketFilter)],
            obj.Programs.Select(p => (p.Name, p.SectionName, p.Type)).ToArray());
        Assert.Same(obj.Programs[1], obj.Program("tc_verdict"));
    }

    [Fact]
    public void Open_lists_maps_with_their_geometry()
    {
        using var obj = BpfObject.Open(ClangObjects.Path("xdp_counter"));

        var counters = obj.Map("counters");
        Assert.Equal((BpfMapType.Array, 4, 8, 2, false), (counters.Type, counters.KeySize, counters.ValueSize, counters.MaxEntries, counters.IsPerCpu));
        var perCpu = obj.Map("percpu_packets");
        Assert.Equal(BpfMapType.PerCpuArray, perCpu.Type);
        Assert.True(perCpu.IsPerCpu);
        Assert.Equal(8 * Environment.ProcessorCount, perCpu.ValueBufferSize);
        var rodata = obj.Map(".rodata");
        Assert.True(rodata.IsInternal);
        Assert.EndsWith(".rodata", rodata.Name, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_reads_rodata_variables_and_their_kinds_from_BTF()
    {
        using var obj = BpfObject.Open(ClangObjects.Path("xdp_counter"));

        var variables = obj.Constants.ToDictionary(c => c.Name);
        Assert.Equal((4, RodataValueKind.Unsigned), (variables["verdict"].Size, variables["verdict"].Kind));
        Assert.Equal((2, RodataValueKind.Signed), (variables["bias"].Size, variables["bias"].Kind));
        Assert.Equal((1, RodataValueKind.Boolean), (variables["enabled"].Size, variables["enabled"].Kind));
    }

    [Fact]
    public void Program_with_an_unknown_name_names_the_available_programs()
    {
        using var obj = BpfObject.Open(ClangObjects.Path("verdicts"));

        var error = Assert.Throws<LoaderException>(() => obj.Program("nope"));
        Assert.Equal(LoaderErrorKind.ProgramNotFound, error.Kind);
        Assert.Equal("object 'verdicts' has no program named 'nope'; its programs are: xdp_verdict, tc_verdict, socket_length", error.Message);
    }

    [Fact]
    public void Map_with_an_unknown_name_names_the_available_maps()
    {
        using var obj = BpfObject.Open(ClangObjects.Path("verdicts"));

        var error = Assert.Throws<LoaderException>(() => obj.Map("nope"));
        Assert.Equal(LoaderErrorKind.MapNotFound, error.Kind);
        Assert.Equal("object 'verdicts' has no map named 'nope'; its maps are: ports_seen", error.Message);
    }

    [Fact]
    public void Open_of_a_missing_file_is_FileNotFound()
    {
        var error = Assert.Throws<LoaderException>(() => BpfObject.Open("/nonexistent/prog.o"));
        Assert.Equal(LoaderErrorKind.FileNotFound, error.Kind);
        Assert.Equal("file '/nonexistent/prog.o' does not exist", error.Message);
    }

    [Fact]
    public void Open_of_a_text_file_is_NotAnObject()
    {
        var error = Assert.Throws<LoaderException>(() => BpfObject.Open(ClangObjects.Source("bad_access")));
        Assert.Equal(LoaderErrorKind.NotAnObject, error.Kind);
        Assert.EndsWith("bad_access.c' is not a BPF ELF object", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OpenMemory_of_a_truncated_object_is_NotAnObject()
    {
        var image = File.ReadAllBytes(ClangObjects.Path("verdicts"));

        var error = Assert.Throws<LoaderException>(() => BpfObject.OpenMemory(image.AsSpan(0, image.Length / 2), "half"));
        Assert.Equal(LoaderErrorKind.NotAnObject, error.Kind);
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OpenMemory_of_a_host_executable_names_its_machine()
    {
        var error = Assert.Throws<LoaderException>(() => BpfObject.OpenMemory(File.ReadAllBytes("/bin/true"), "true"));
        Assert.Equal(LoaderErrorKind.NotAnObject, error.Kind);
        Assert.Equal("object 'true' is an ELF file for machine 62, not a BPF object (EM_BPF, 247)", error.Message);
    }

    [Fact]
    public void OpenMemory_of_a_corrupted_object_is_an_error_not_a_crash()
    {
        var image = File.ReadAllBytes(ClangObjects.Path("verdicts"));
        var random = new Random(4);
        for (var trial = 0; trial < 200; trial++)
        {
            var corrupted = (byte[])image.Clone();
            for (var i = 0; i < 8; i++)
                corrupted[64 + random.Next(corrupted.Length - 64)] = (byte)random.Next(256);
            try
            {
                using var obj = BpfObject.OpenMemory(corrupted, "corrupted");
            }
            catch (LoaderException e)
            {
                Assert.Equal(LoaderErrorKind.NotAnObject, e.Kind);
            }
        }
    }

    [Fact]
    public void SetConstant_rejects_unknown_names_and_out_of_range_values()
    {
        using var obj = BpfObject.Open(ClangObjects.Path("xdp_counter"));

        var unknown = Assert.Throws<LoaderException>(() => obj.SetConstant("nope", "1"));
        Assert.Equal(LoaderErrorKind.MapNotFound, unknown.Kind);
        Assert.Equal("object 'xdp_counter' has no .rodata variable named 'nope'; its variables are: verdict, bias, enabled", unknown.Message);

        var range = Assert.Throws<LoaderException>(() => obj.SetConstant("bias", "40000"));
        Assert.Equal(LoaderErrorKind.InvalidArgument, range.Kind);
        Assert.Equal("variable 'bias' is a signed 16-bit integer; 40000 is out of range [-32768, 32767]", range.Message);

        var text = Assert.Throws<LoaderException>(() => obj.SetConstant("verdict", "pass"));
        Assert.Equal(LoaderErrorKind.InvalidArgument, text.Kind);

        var boolean = Assert.Throws<LoaderException>(() => obj.SetConstant("enabled", "2"));
        Assert.Equal("variable 'enabled' is a boolean; '2' is not true, false, 1 or 0", boolean.Message);
    }
}
