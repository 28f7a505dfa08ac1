using Microsoft.Extensions.Logging;
using TraitsBpf.Loader;
using TraitsBpf.Loader.Loading;

namespace TraitsBpf.Cli.Sources;

/// <summary>The inputs traitsbpf accepts, tried in order; the first that recognizes a file reads it.</summary>
public sealed class ObjectSources(IReadOnlyList<IObjectSource> sources)
{
    private const int HeaderBytes = 64;

    /// <summary>What the command line accepts: BPF objects, and .NET assemblies compiled on the way.</summary>
    public static ObjectSources Default { get; } = new([new ElfObjectSource(), new AssemblySource()]);

    /// <summary>The registered sources, in the order they are tried.</summary>
    public IReadOnlyList<IObjectSource> Sources { get; } = sources;

    /// <summary>
    /// These sources, with assemblies compiled for <paramref name="traits"/> and, when
    /// <paramref name="program"/> is given, only that program compiled, and the programs <paramref name="slotPrograms"/>
    /// names (the CPUMAP and DEVMAP programs <c>load --slot</c> puts in map slots).
    /// </summary>
    public ObjectSources Configure(Verbs.TraitsChoice traits, string? program, IEnumerable<string>? slotPrograms = null) =>
        new(Sources.Select(s => s is AssemblySource ? new AssemblySource(traits, program is null ? null : [program, .. (slotPrograms ?? []).Except([program])]) : s).ToList());

    /// <summary>Reads <paramref name="path"/> with the first source that recognizes it.</summary>
    /// <exception cref="LoaderException">The file is missing, unreadable or of no accepted kind.</exception>
    public ObjectImage Read(string path, ILogger logger)
    {
        if (Directory.Exists(path))
            throw new LoaderException(LoaderErrorKind.NotAnObject, $"'{path}' is a directory, not {Accepted()}");
        if (!File.Exists(path))
            throw new LoaderException(LoaderErrorKind.FileNotFound, $"file '{path}' does not exist");

        var header = new byte[HeaderBytes];
        int read;
        try
        {
            using var stream = File.OpenRead(path);
            read = stream.ReadAtLeast(header, HeaderBytes, throwOnEndOfStream: false);
        }
        catch (UnauthorizedAccessException)
        {
            throw new LoaderException(LoaderErrorKind.PermissionDenied, $"file '{path}' cannot be read: permission denied");
        }
        catch (IOException e)
        {
            throw new LoaderException(LoaderErrorKind.NotAnObject, $"file '{path}' cannot be read: {e.Message.TrimEnd('.')}");
        }

        var source = Sources.FirstOrDefault(s => s.Recognizes(path, header.AsSpan(0, read)))
            ?? throw new LoaderException(LoaderErrorKind.NotAnObject, $"'{path}' is not {Accepted()}");
        return source.Read(path, logger);
    }

    private string Accepted()
    {
        var descriptions = Sources.Select(s => s.Description).ToList();
        return descriptions.Count switch
        {
            1 => descriptions[0],
            _ => string.Join(", ", descriptions.Take(descriptions.Count - 1)) + " or " + descriptions[^1],
        };
    }
}
