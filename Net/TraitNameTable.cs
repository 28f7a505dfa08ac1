using TraitsBpf.Loader.Traits;

namespace TraitsBpf.Sockets;

/// <summary>
/// Trait names with their keys, sizes and types, as the host registry gives them to every program
/// loaded by traitsbpf: the names a service reads received traits by.
/// </summary>
public sealed class TraitNameTable
{
    private readonly Dictionary<string, RegisteredTrait> byName;

    /// <summary>A table of <paramref name="traits"/> (tests build their own).</summary>
    public TraitNameTable(IEnumerable<RegisteredTrait> traits)
    {
        byName = traits.ToDictionary(t => t.Name, StringComparer.Ordinal);
    }

    /// <summary>The names registered on this host now (<c>traitsbpf traits</c>); reading the registry needs root.</summary>
    /// <exception cref="Loader.LoaderException">The registry cannot be read.</exception>
    public static TraitNameTable FromHost() => new(new HostTraitRegistry().List());

    /// <summary>Every trait in the table.</summary>
    public IReadOnlyCollection<RegisteredTrait> Traits => byName.Values;

    /// <summary>The trait named <paramref name="name"/>, or null.</summary>
    public RegisteredTrait? Find(string name) => byName.GetValueOrDefault(name);
}
