using TraitsBpf.Compiler.Bpf.Emission;
using TraitsBpf.Compiler.Bpf.Machine;
using TraitsBpf.Compiler.Ir;
using TraitsBpf.Compiler.Object;
using TraitsBpf.Compiler.Object.Btf;

namespace TraitsBpf.Compiler.Linking;

/// <summary>
/// Gathers encoded functions into an <see cref="ObjectModel"/>: each program into the section
/// its kind names, subprograms into <c>.text</c>, with func_info types and line_info text.
/// </summary>
internal sealed class ObjectAssembler(string license)
{
    private readonly ObjectModel model = new() { License = license };
    private readonly Dictionary<string, List<(EncodedFunction Code, BtfFunc Btf, bool Global)>> sections = new(StringComparer.Ordinal);
    private readonly FunctionTypes types = new();
    private readonly SourceLines sourceLines = new();

    public void AddProgram(IrProgram program, EncodedFunction code)
    {
        var btf = new BtfFunc(program.Name, types.ProgramProto(program.Kind), BtfLinkage.Global);
        Section(program.SectionName).Add((code, btf, true));
    }

    public void AddSubprogram(IrFunction function, EncodedFunction code)
    {
        var btf = new BtfFunc(function.Name, types.SubprogramProto(function), BtfLinkage.Static);
        Section(".text").Add((code, btf, false));
    }

    private List<(EncodedFunction, BtfFunc, bool)> Section(string name)
    {
        if (!sections.TryGetValue(name, out var list))
        {
            list = [];
            sections[name] = list;
        }

        return list;
    }

    public ObjectModel Build()
    {
        foreach (var (name, functions) in sections)
        {
            var code = functions.SelectMany(f => f.Code.Code).ToArray();
            var section = new CodeSection(name, code);
            int start = 0;
            foreach (var (encoded, btf, global) in functions)
            {
                section.Functions.Add(new FunctionSymbol(encoded.Name, start, encoded.InstructionCount, btf, global));
                foreach (var relocation in encoded.Relocations)
                {
                    RelocationTarget target = relocation.Kind == CallKind.Kfunc
                        ? new KfuncCall(relocation.Symbol)
                        : new SubprogramCall(relocation.Symbol);
                    section.Relocations.Add(new CodeRelocation(start + relocation.Instruction, target));
                }

                foreach (var (instruction, location) in encoded.Lines)
                {
                    section.Lines.Add(new LineInfo(start + instruction, location.File, sourceLines.Line(location.File, location.Line), location.Line, Math.Max(location.Column, 1)));
                }

                start += encoded.InstructionCount;
            }

            model.Sections.Add(section);
        }

        return model;
    }
}
