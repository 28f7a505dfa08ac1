using TraitsBpf.Object;
using TraitsBpf.Object.Reading;
using TraitsBpf.Loader;

namespace TraitsBpf.Cli.Verbs;

/// <summary>
/// Prints each program's instructions with the source line each group came from, in the
/// verifier's own convention (<c>; text @ file:line</c>), and what relocated instructions
/// refer to. Reads the object as data only: nothing reaches the kernel, no privileges needed.
/// </summary>
public sealed class DumpCommand : CliCommand<DumpOptions>
{
    /// <inheritdoc/>
    protected override ExitCode Execute(DumpOptions options, CliContext context)
    {
        var image = context.Sources.Configure(TraitsChoice.Auto, options.Program).Read(options.Object, context.Logger);
        ObjectFile file;
        try
        {
            file = ObjectReader.Read(image.Elf);
        }
        catch (ObjectFormatException e)
        {
            throw new LoaderException(LoaderErrorKind.NotAnObject, $"'{options.Object}' is not a well-formed BPF object: {e.Message.TrimEnd('.')}");
        }

        var programs = file.Programs.Where(p => options.Program is null || p.Name == options.Program).ToList();
        if (programs.Count == 0)
            throw new LoaderException(LoaderErrorKind.ProgramNotFound, file.Programs.Count == 0
                ? $"object '{image.Name}' has no programs"
                : $"object '{image.Name}' has no program named '{options.Program}'; its programs are: {string.Join(", ", file.Programs.Select(p => p.Name))}");

        foreach (var program in programs)
            Print(file, program, context.Out);
        return ExitCode.Success;
    }

    private static void Print(ObjectFile file, ObjectProgram program, TextWriter output)
    {
        output.WriteLine($"{program.Name} (section {program.SectionName}, {program.InstructionCount} instructions)");
        var lines = file.LinesIn(program.SectionName).GroupBy(l => l.InstructionOffset).ToDictionary(g => g.Key, g => g.Last());
        var relocations = file.RelocationsIn(program.SectionName).GroupBy(r => r.InstructionOffset).ToDictionary(g => g.Key, g => g.First());
        var width = (program.InstructionOffset + program.InstructionCount).ToString(System.Globalization.CultureInfo.InvariantCulture).Length;
        LineInfoRecord? previous = null;

        foreach (var instruction in BpfDisassembler.Disassemble(file.CodeOf(program).Span))
        {
            var offset = program.InstructionOffset + instruction.InstructionOffset;
            if (lines.TryGetValue(offset, out var line) && line.Line > 0 && !SameLine(line, previous))
            {
                output.WriteLine($"; {line.LineText.Trim()} @ {Path.GetFileName(line.FileName)}:{line.Line}");
                previous = line;
            }
            var target = relocations.TryGetValue(offset, out var relocation) ? $"  ; {relocation.SymbolName} ({relocation.TypeName})" : "";
            output.WriteLine($"  {offset.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(width)}: {instruction.Text}{target}");
        }
        output.WriteLine();
    }

    private static bool SameLine(LineInfoRecord line, LineInfoRecord? previous) =>
        previous is not null && previous.FileName == line.FileName && previous.Line == line.Line;
}
