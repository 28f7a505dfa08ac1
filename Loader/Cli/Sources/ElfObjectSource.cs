using Microsoft.Extensions.Logging;
using TraitsBpf.Loader.Loading;

namespace TraitsBpf.Cli.Sources;

/// <summary>A BPF ELF object file (.o), taken as is; BpfObject validates it when opening.</summary>
public sealed class ElfObjectSource : IObjectSource
{
    /// <inheritdoc/>
    public string Description => "a BPF ELF object";

    /// <inheritdoc/>
    public bool Recognizes(string path, ReadOnlySpan<byte> header) =>
        header.Length >= 4 && header[0] == 0x7f && header[1] == (byte)'E' && header[2] == (byte)'L' && header[3] == (byte)'F';

    /// <inheritdoc/>
    public ObjectImage Read(string path, ILogger logger)
    {
        var name = Path.GetFileName(path);
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        return new ObjectImage(dot > 0 ? name[..dot] : name, File.ReadAllBytes(path), path);
    }
}
