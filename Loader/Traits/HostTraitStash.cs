using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TraitsBpf.Abi;
using TraitsBpf.Loader.Interop;
using TraitsBpf.Loader.Pins;
using TraitsBpf.Object;

namespace TraitsBpf.Loader.Traits;

/// <summary>
/// The stash backend's host-wide maps (<see cref="TraitStashFormat"/>), pinned beside the trait
/// registry: the stash (sk_buff address → trait store) and the counter of entries the full stash
/// refused. Every stash object's maps of those names become these maps before it is loaded, so a
/// tagger and readers loaded by separate commands, and the reaper, share one stash.
/// </summary>
public sealed class HostTraitStash
{
    private readonly PinLayout layout;
    private readonly ILogger logger;

    /// <summary>The stash under the default pin root, /sys/fs/bpf/traitsbpf.</summary>
    public HostTraitStash(ILogger? logger = null)
        : this(new PinLayout(PinLayout.DefaultRoot), logger)
    {
    }

    /// <summary>The stash under <paramref name="layout"/>'s root (tests keep theirs apart from the host's).</summary>
    internal HostTraitStash(PinLayout layout, ILogger? logger)
    {
        this.layout = layout;
        this.logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The names the stash's pins take under the pin root, which attachments may not.</summary>
    public static IReadOnlyList<string> PinNames { get; } = [TraitStashFormat.PinName, TraitStashFormat.RefusedPinName];

    /// <summary>Where the stash is pinned.</summary>
    public string PinPath => layout.Shown(TraitStashFormat.PinName);

    /// <summary>
    /// Gives <paramref name="obj"/>'s stash maps the host's, creating and pinning them on first use
    /// under the pin root's lock (joined when the caller holds it). The caller disposes the result
    /// once the object is loaded.
    /// </summary>
    /// <exception cref="LoaderException">The object lacks the stash map, or a pin is not the stash's.</exception>
    public IDisposable Share(BpfObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        using var rootLock = layout.JoinLock(create: true);
        var stash = OpenOrCreate(TraitStashFormat.PinName, TraitStashFormat.MapName, BpfMapType.Hash, sizeof(ulong), TraitStashFormat.EntrySize, TraitStashFormat.Capacity, "the trait stash");
        try
        {
            var refused = OpenOrCreate(TraitStashFormat.RefusedPinName, TraitStashFormat.RefusedMapName, BpfMapType.Array, sizeof(uint), sizeof(ulong), 1, "the trait stash's refusal counter");
            obj.ReuseMap(TraitStashFormat.MapName, stash);
            // The reaper only deletes: it has no counter.
            if (obj.Maps.Any(m => m.Name == TraitStashFormat.RefusedMapName))
                obj.ReuseMap(TraitStashFormat.RefusedMapName, refused);
            return new Maps(stash, refused);
        }
        catch
        {
            stash.Dispose();
            throw;
        }
    }

    /// <summary>
    /// For readers that must leave the host as they found it (<c>traitsbpf trace</c>): gives <paramref name="obj"/>'s stash
    /// map the host's when one is pinned, and otherwise creates nothing, so the object keeps its own empty map (a host
    /// without a stash has no entries to read). The caller disposes the result, if any, once the object is loaded.
    /// </summary>
    /// <exception cref="LoaderException">A pin of the stash's name is not the stash's.</exception>
    public IDisposable? ShareIfPinned(BpfObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        using var root = layout.OpenRoot();
        if (root is null || !File.Exists(layout.Entry(TraitStashFormat.PinName)))
            return null;
        var stash = Open(TraitStashFormat.PinName, BpfMapType.Hash, sizeof(ulong), TraitStashFormat.EntrySize, "the trait stash");
        try
        {
            obj.ReuseMap(TraitStashFormat.MapName, stash);
            return stash;
        }
        catch
        {
            stash.Dispose();
            throw;
        }
    }

    /// <summary>The stash's state now: entries in use, capacity and refused entries; null when no stash program was ever loaded.</summary>
    public TraitStashState? State()
    {
        using var root = layout.OpenRoot();
        if (root is null || !File.Exists(layout.Entry(TraitStashFormat.PinName)))
            return null;
        using var stash = Open(TraitStashFormat.PinName, BpfMapType.Hash, sizeof(ulong), TraitStashFormat.EntrySize, "the trait stash");
        using var refused = Open(TraitStashFormat.RefusedPinName, BpfMapType.Array, sizeof(uint), sizeof(ulong), "the trait stash's refusal counter");
        Span<byte> count = stackalloc byte[sizeof(ulong)];
        ulong refusals = refused.Lookup(stackalloc byte[sizeof(uint)], count) ? BitConverter.ToUInt64(count) : 0;
        return new TraitStashState(CountEntries(stash), stash.MaxEntries, refusals);
    }

    /// <summary>
    /// The stash's entries, counted in one walk of its keys. The kernel starts a hash map's key walk over when the key it
    /// continues from was deleted meanwhile, as the reaper does all the time under traffic: keys seen again are not
    /// counted again, the walk ends after a few capacities' worth of keys, and the count never exceeds the capacity
    /// (a walk that counted every key it was given reported 19,696 of 16,384).
    /// </summary>
    private static int CountEntries(PinnedMap stash)
    {
        var seen = new HashSet<ulong>();
        long walked = 0;
        foreach (var key in stash.Keys())
        {
            seen.Add(BitConverter.ToUInt64(key));
            if (++walked == 4L * stash.MaxEntries)
            {
                break;
            }
        }

        return Math.Min(seen.Count, stash.MaxEntries);
    }

    private PinnedMap OpenOrCreate(string pin, string name, BpfMapType type, int keySize, int valueSize, int maxEntries, string what)
    {
        if (!File.Exists(layout.Entry(pin)))
        {
            using var handle = PinnedDescriptor.CreateMap(type, name, keySize, valueSize, maxEntries, what);
            PinnedDescriptor.Pin(handle.Fd, layout.Entry(pin), what);
            logger.LogInformation("created {What} at {Path}", what, layout.Shown(pin));
        }

        return Open(pin, type, keySize, valueSize, what);
    }

    private PinnedMap Open(string pin, BpfMapType type, int keySize, int valueSize, string what) =>
        PinnedMap.OpenOwn(layout.Entry(pin), type, keySize, valueSize, what, "remove it once no stash program is attached");

    /// <summary>The pinned maps an object shares until it is loaded.</summary>
    private sealed class Maps(PinnedMap stash, PinnedMap refused) : IDisposable
    {
        public void Dispose()
        {
            stash.Dispose();
            refused.Dispose();
        }
    }
}
