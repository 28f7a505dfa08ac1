using TraitsBpf.Object;
using TraitsBpf.Object.Reading;
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

    [Fact]
    public void ObjectReaderReadsBackWhatWasWritten()
    {
        ObjectModel model = CreateModel();
        ObjectFile file = ObjectReader.Read(ObjectWriter.Write(model));

        var functions = model.Sections.SelectMany(section => section.Functions.Select(function => (section, function))).ToList();
        Assert.Equal(
            functions.Select(entry => (entry.function.Name, entry.section.Name, entry.function.InstructionOffset, entry.function.InstructionCount, entry.function.IsGlobal)).Order(),
            file.Programs.Select(program => (program.Name, program.SectionName, program.InstructionOffset, program.InstructionCount, program.IsGlobal)).Order());
        Assert.All(file.Programs, program => Assert.Equal(program.SectionName, file.Sections[program.SectionIndex].Name));
        Assert.Equal(
            functions.Select(entry => $"{entry.section.Name} {entry.function.InstructionOffset} {entry.function.Name}").Order(),
            file.FuncInfos.Select(info => $"{info.SectionName} {info.InstructionOffset} {info.FunctionName}").Order());
        Assert.Equal(
            model.Sections.SelectMany(section => section.Lines.Select(line => new LineInfoRecord(section.Name, line.InstructionOffset, line.FileName, line.Line, line.Column, line.LineText))),
            file.LineInfos.OrderBy(line => model.Sections.FindIndex(section => section.Name == line.SectionName)));
        Assert.Equal(model.Maps.Select(map => map.Name), file.MapNames);
        Assert.Equal(model.License, file.License);
        foreach (CodeSection section in model.Sections)
        {
            Assert.Equal(
                section.Relocations.Count(relocation => relocation.Target is not SubprogramCall call || IsRelocatedCall(model, section, call)),
                file.RelocationsIn(section.Name).Count());
        }
        foreach (FuncInfoRecord info in file.FuncInfos.Where(info => info.SectionName == "xdp"))
            Assert.Equal($"int {info.FunctionName}(struct xdp_md * ctx)", file.SpellSignature(info.TypeId));
    }

    [Fact]
    public void ObjectReaderAndDisassemblerAgreeWithLlvmAndBpftool()
    {
        foreach (string path in new[] { WriteOurObject(), ClangReference.Compile(Temp, Name, CSource) })
        {
            ObjectFile file = ObjectReader.ReadFile(path);
            ElfListing llvm = ElfListing.Read(path);

            Assert.Equal(ReaderListing.WithHexWideImmediates(llvm.Instructions), ReaderListing.Instructions(file));
            Assert.Equal(llvm.Relocations, ReaderListing.Relocations(file));
            Assert.Equal(ExternalTool.Run("bpftool", "btf", "dump", "file", path).AssertClean().Output, ReaderListing.BtfDump(file));
            Assert.All(file.Programs.Where(program => program.SectionName != ".text"), program =>
                Assert.Contains(file.LineInfos, line => line.SectionName == program.SectionName && line.InstructionOffset == program.InstructionOffset));
        }
    }

    private static bool IsRelocatedCall(ObjectModel model, CodeSection caller, SubprogramCall call)
    {
        CodeSection target = model.Sections.Single(section => section.Functions.Any(function => function.Name == call.FunctionName));
        return target != caller || target.Functions.Single(function => function.Name == call.FunctionName).IsGlobal;
    }

    private protected string WriteOurObject() => Temp.WriteFile(Name + ".o", ObjectWriter.Write(CreateModel()));

    /// <summary>Adds a line_info record per (instruction, line, text) in order.</summary>
    protected static void AddLines(CodeSection section, params (int Instruction, int Line, string Text)[] lines)
    {
        foreach ((int instruction, int line, string text) in lines)
            section.Lines.Add(new LineInfo(instruction, SourceFile, text, line, 9));
    }
}
