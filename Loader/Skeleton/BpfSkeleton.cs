using System.Reflection;
using TraitsBpf.Loader.Traits;

namespace TraitsBpf.Loader.Skeleton;

/// <summary>
/// What every generated skeleton shares (<c>TraitsBpf.Build</c> writes one per program assembly a project names
/// with <c>TraitsBpfSkeleton</c>): the object, opened from the copy embedded in the service's assembly or from a
/// file, and its load. The generated class adds one property per program, map and global, typed.
/// </summary>
public abstract class BpfSkeleton : IDisposable
{
    /// <summary>Wraps an opened, not yet loaded object.</summary>
    protected BpfSkeleton(BpfObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        Object = obj;
    }

    /// <summary>The object, for what the typed properties do not cover.</summary>
    public BpfObject Object { get; }

    /// <summary>True once <see cref="Load"/> succeeded.</summary>
    public bool IsLoaded => Object.IsLoaded;

    /// <summary>
    /// Loads the programs (those with <see cref="BpfProgram.Autoload"/> on) and creates the maps, with the globals
    /// as set so far. An object that names packet traits is refused: their keys come from the host's trait registry,
    /// which only <c>traitsbpf load</c> assigns.
    /// </summary>
    /// <exception cref="VerifierException">The verifier rejected a program.</exception>
    /// <exception cref="LoaderException">Anything else failed.</exception>
    public void Load()
    {
        if (TraitManifest.Read(Object.Image) is { Traits.Count: > 0 } manifest)
            throw new LoaderException(LoaderErrorKind.Unsupported,
                $"object '{Object.Name}' uses named packet traits ({string.Join(", ", manifest.Traits.Select(t => t.Name))}), whose keys come from the host's trait registry, which the skeleton does not assign; attach it with traitsbpf load");
        Object.Load();
    }

    /// <summary>Closes the object: its maps and programs, except what a live attachment still holds.</summary>
    public void Dispose()
    {
        Object.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Opens the object embedded in <paramref name="assembly"/> as resource <paramref name="resourceName"/>.</summary>
    /// <exception cref="LoaderException">The resource is missing or not a BPF object.</exception>
    protected static BpfObject OpenEmbedded(Assembly assembly, string resourceName, string objectName)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        using var stream = assembly.GetManifestResourceStream(resourceName)
            ?? throw new LoaderException(LoaderErrorKind.FileNotFound,
                $"assembly '{assembly.GetName().Name}' embeds no resource '{resourceName}'; TraitsBpf.Build embeds the object when it writes the skeleton");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return BpfObject.OpenMemory(copy.GetBuffer().AsSpan(0, (int)copy.Length), objectName, $"{assembly.GetName().Name}:{resourceName}");
    }
}
