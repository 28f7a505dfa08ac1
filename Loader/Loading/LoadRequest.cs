using TraitsBpf.Loader.Attach;

namespace TraitsBpf.Loader.Loading;

/// <summary>What a <see cref="LoadSequence"/> loads, and where it attaches it.</summary>
/// <param name="Open">Produces the object's ELF bytes: reads the file, or compiles the assembly.</param>
public sealed record LoadRequest(Func<ObjectImage> Open)
{
    /// <summary>The program to load; null takes the object's only program that fits <see cref="Target"/> (or the only one, without a target).</summary>
    public string? Program { get; init; }

    /// <summary>The .rodata variables to set before load, as NAME and VALUE text.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Constants { get; init; } = [];

    /// <summary>CPU and device map slots to fill once loaded; the programs they name are loaded with the chosen one.</summary>
    public IReadOnlyList<MapSlotSetting> Slots { get; init; } = [];

    /// <summary>
    /// Where libbpf pins (and looks for) the maps the object declares with <c>pinning = LIBBPF_PIN_BY_NAME</c>
    /// (C# <c>[Pinned]</c>); null is libbpf's default, <c>/sys/fs/bpf</c>. See <see cref="BpfObject.MapPinRoot"/>.
    /// </summary>
    public string? MapPinRoot { get; init; }

    /// <summary>Where to attach and pin the program; null loads it only (as <c>run</c> does).</summary>
    public AttachTarget? Target { get; init; }

    /// <summary>The attachment's name; null means <c>{interface}-{hook}</c>.</summary>
    public string? Name { get; init; }

    /// <summary>Atomically replace the program of the existing attachment of that name.</summary>
    public bool Replace { get; init; }

    /// <summary>
    /// Called once before the first step that changes what is attached and pinned; what it returns is disposed
    /// with the loaded object. The CLI holds off Ctrl-C with it so that a signal cannot split an attach.
    /// </summary>
    public Func<IDisposable>? Shield { get; init; }
}
