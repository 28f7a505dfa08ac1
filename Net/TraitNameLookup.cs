using TraitsBpf.Loader.Traits;

namespace TraitsBpf.Sockets;

/// <summary>Finding a trait by name for the received and outgoing traits alike, with one wording for what is missing.</summary>
internal static class TraitNameLookup
{
    /// <exception cref="KeyNotFoundException">No table of names was given, or it does not know the name.</exception>
    public static RegisteredTrait Find(TraitNameTable? names, string name)
    {
        if (names is null)
            throw new KeyNotFoundException($"Traits are named through a TraitNameTable; none was given (use trait '{name}' by key, or pass TraitNameTable.FromHost()).");
        return names.Find(name) ?? throw new KeyNotFoundException($"No trait named '{name}' is registered on this host (traitsbpf traits lists them).");
    }
}
