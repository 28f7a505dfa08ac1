using TraitsBpf.Compiler.Object;
using TraitsBpf.Compiler.Object.Btf;
using TraitsBpf.Object.Tests.Support;

namespace TraitsBpf.Object.Tests;

/// <summary>The smallest useful object: an XDP program returning XDP_PASS, with its license, func_info and line info.</summary>
public sealed class XdpPassObjectTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    internal static ObjectModel Model()
    {
        var section = new CodeSection("xdp", Asm.Code(Asm.MovImm(0, 2), Asm.Exit()));
        section.Functions.Add(new FunctionSymbol("xdp_pass", 0, 2, TestTypes.XdpProgram("xdp_pass"), IsGlobal: true));
        section.Lines.Add(new LineInfo(0, "/src/Programs/Pass.cs", "        return XdpAction.Pass;", 7, 9));
        var model = new ObjectModel();
        model.Sections.Add(section);
        return model;
    }

    [Fact]
    public void LlvmToolsAndBpftoolReadItWithoutComplaint()
    {
        string path = temp.WriteFile("pass.o", ObjectWriter.Write(Model()));

        ExternalTool.Run("llvm-readelf", "-S", "-s", "-r", path).AssertClean();
        string disassembly = ExternalTool.Run("llvm-objdump", "-dr", path).AssertClean().Output;
        string btf = ExternalTool.Run("bpftool", "btf", "dump", "file", path).AssertClean().Output;

        Assert.Contains("r0 = 2", disassembly);
        Assert.Contains("FUNC 'xdp_pass' type_id=", btf);
        Assert.Contains("linkage=global", btf);
    }

    [Fact]
    public void TheKernelLoadsItAndReportsTheCSharpLine()
    {
        string path = temp.WriteFile("pass.o", ObjectWriter.Write(Model()));

        using KernelLoad load = KernelLoad.Load(path);
        load.Result.AssertClean();
        int id = load.ProgramId("xdp_pass");
        string xlated = ExternalTool.Run("bpftool", "prog", "dump", "xlated", "id", id.ToString(), "linum").AssertClean().Output;

        Assert.Contains("return XdpAction.Pass;", xlated);
        Assert.Contains("[file:/src/Programs/Pass.cs line_num:7 line_col:9]", xlated);
    }
}
