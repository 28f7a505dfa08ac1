using TraitsBpf.Cli.Skeleton;
using TraitsBpf.Cli.Sources;
using TraitsBpf.Compiler;
using TraitsBpf.Loader;
using TraitsBpf.Loader.Loading;
using TraitsBpf.Loader.Traits;

namespace TraitsBpf.Cli.Verbs;

/// <summary>
/// Compiles an assembly's programs and writes the object, then lists what is in it. Needs no
/// privileges: nothing reaches the kernel.
/// </summary>
public sealed class CompileCommand : CliCommand<CompileOptions>
{
    /// <inheritdoc/>
    protected override ExitCode Execute(CompileOptions options, CliContext context)
    {
        if (Directory.Exists(options.Assembly))
            throw new LoaderException(LoaderErrorKind.NotAnObject, $"'{options.Assembly}' is a directory, not a .NET assembly");
        if (!File.Exists(options.Assembly))
            throw new LoaderException(LoaderErrorKind.FileNotFound, $"file '{options.Assembly}' does not exist");

        var selection = TraitsBackendSelection.Resolve(options.Traits, context.Logger);
        var result = BpfCompiler.Compile(options.Assembly, new CompilerOptions { Programs = options.Programs.ToList(), Traits = selection.Backend });
        string output = options.Output ?? $"{Path.GetFileNameWithoutExtension(options.Assembly)}.bpf.o";
        Write(output, () => File.WriteAllBytes(output, result.Object));
        if (options.Skeleton is { } skeleton)
        {
            var spec = SkeletonSpec.For(options.Assembly, options.SkeletonNamespace, options.SkeletonClass, options.SkeletonResource);
            Write(skeleton, () => File.WriteAllText(skeleton, SkeletonWriter.Write(result, spec, CliApplication.Version.Split('+')[0])));
        }

        foreach (var program in result.Programs)
        {
            string direction = program.TcDirection is null ? "" : $" {program.TcDirection}";
            context.Out.WriteLine($"{program.Name,-16} {program.SectionName}{direction,-9} {program.InstructionCount,5} instructions {program.StackSize,4} bytes of stack");
            if (options.Verbose && program.FrameItems.Count > 0)
                context.Out.WriteLine($"  largest in frame: {string.Join(", ", program.FrameItems.Take(4).Select(i => $"{i.Name} ({i.Size} bytes at r10{i.FrameOffset})"))}");
        }

        foreach (var subprogram in result.Subprograms)
        {
            context.Out.WriteLine($"{subprogram,-16} .text     (subprogram)");
        }

        if (TraitManifest.Read(result.Object) is { } manifest)
            context.Out.WriteLine($"traits: {Describe(manifest)} ({selection.Reason})");
        context.Out.WriteLine($"wrote {output} ({result.Object.Length} bytes)");
        if (options.Skeleton is not null)
            context.Out.WriteLine($"wrote {options.Skeleton} (the skeleton)");
        return ExitCode.Success;
    }

    private static void Write(string path, Action write)
    {
        try
        {
            write();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LoaderException(LoaderErrorKind.Failed, $"cannot write '{path}': {e.Message.TrimEnd('.')}");
        }
    }

    /// <summary>"meta backend; named packet_id (8 bytes, System.UInt64); integer keys 5".</summary>
    private static string Describe(TraitManifest manifest) =>
        ObjectTraits.Describe(ObjectTraits.BackendName(manifest.Backend),
            manifest.Traits.Count > 0 ? "named " + string.Join(", ", manifest.Traits.Select(t => $"{t.Name} ({t.Size} bytes, {t.TypeName})")) : null,
            manifest.Keys);
}
