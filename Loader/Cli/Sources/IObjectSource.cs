using Microsoft.Extensions.Logging;
using TraitsBpf.Loader.Loading;

namespace TraitsBpf.Cli.Sources;

/// <summary>
/// One kind of input that <c>load</c>, <c>run</c> and <c>dump</c> accept and turn into a BPF
/// ELF object: a .o file as is, or (once registered in <see cref="ObjectSources"/>) a .NET
/// assembly or a .cs file compiled first.
/// </summary>
public interface IObjectSource
{
    /// <summary>What this source accepts, for error messages: e.g. "a BPF ELF object".</summary>
    string Description { get; }

    /// <summary>True when this source handles the file, judged by its first bytes (and, if need be, its name).</summary>
    bool Recognizes(string path, ReadOnlySpan<byte> header);

    /// <summary>Reads (or compiles) the file into an object image.</summary>
    /// <exception cref="TraitsBpf.Loader.LoaderException">The file is malformed; the message is one sentence for the user.</exception>
    ObjectImage Read(string path, ILogger logger);
}
