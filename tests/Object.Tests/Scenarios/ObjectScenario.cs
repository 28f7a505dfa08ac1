using TraitsBpf.Compiler.Object;
using TraitsBpf.Object.Tests.Support;

namespace TraitsBpf.Object.Tests.Scenarios;

/// <summary>
/// One program written twice: as an <see cref="ObjectModel"/> with hand-assembled instructions
/// (the ones clang emits) and as C. Every scenario is checked the same way: the LLVM tools and
/// bpftool read our object without complaint, it has clang's structure, and the kernel loads
/// it and reports our source lines.
/// </summary>
public abstract class ObjectScenario : IDisposable
{
    protected const string SourceFile = "/src/Programs/Scenario.cs";

    private protected TempDirectory Temp { get; } = new();

    /// <summary>A short file-name-safe name.</summary>
    protected abstract string Name { get; }

    /// <summary>The same program in C, compiled with clang as the reference.</summary>
    protected abstract string CSource { get; }

    /// <summary>Our model of the program; line info gives each function's first line.</summary>
    protected abstract ObjectModel CreateModel();

    /// <summary>Maps with pinning = LIBBPF_PIN_BY_NAME, which libbpf pins under /sys/fs/bpf on load.</summary>
    protected virtual string[] PinnedMapNames => [];

    public void Dispose()
    {
        Temp.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public void LlvmToolsAndBpftoolReadItWithoutComplaint()
    {
        string path = WriteOurObject();

        ExternalTool.Run("llvm-readelf", "-S", "-s", "-r", path).AssertClean();
        ExternalTool.Run("llvm-objdump", "-dr", path).AssertClean();
        ExternalTool.Run("bpftool", "btf", "dump", "file", path).AssertClean();
    }

    [Fact]
    public void HasTheStructureClangGivesTheSameProgramInC()
    {
        string ours = WriteOurObject();
        string clangs = ClangReference.Compile(Temp, Name, CSource);

        ObjectComparison.AssertSameStructure(clangs, ours);
    }

    [Fact]
    public void TheKernelLoadsItAndShowsOurLineInfo()
    {
        ObjectModel model = CreateModel();
        string path = WriteOurObject();

        using KernelLoad load = KernelLoad.Load(path, PinnedMapNames);
        load.Result.AssertClean();
        foreach (FunctionSymbol program in model.Sections.Where(section => section.Name != ".text").SelectMany(section => section.Functions))
        {
            int id = load.ProgramId(program.Name);
            string xlated = ExternalTool.Run("bpftool", "prog", "dump", "xlated", "id", id.ToString(), "linum").AssertClean().Output;
            LineInfo first = model.Sections.Single(section => section.Functions.Contains(program)).Lines[0];
            Assert.Contains($"[file:{first.FileName} line_num:{first.Line} line_col:{first.Column}]", xlated);
        }
    }

    private protected string WriteOurObject() => Temp.WriteFile(Name + ".o", ObjectWriter.Write(CreateModel()));

    /// <summary>Adds a line_info record per (instruction, line, text) in order.</summary>
    protected static void AddLines(CodeSection section, params (int Instruction, int Line, string Text)[] lines)
    {
        foreach ((int instruction, int line, string text) in lines)
            section.Lines.Add(new LineInfo(instruction, SourceFile, text, line, 9));
    }
}
