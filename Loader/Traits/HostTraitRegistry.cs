using TraitsBpf.Abi;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TraitsBpf.Loader.Attach;
using TraitsBpf.Loader.Kernel;
using TraitsBpf.Loader.Pins;
using TraitsBpf.Object;

namespace TraitsBpf.Loader.Traits;

/// <summary>
/// The host-wide trait registry: which key each trait name has, so every program loaded on the
/// host agrees. It is a BPF hash map pinned at <c>/sys/fs/bpf/traitsbpf/trait_registry</c>
/// (0600, created on first use; layout in <see cref="TraitRegistryRecord"/>), so it needs no
/// file outside the BPF filesystem and lasts until reboot, like the pins of the programs that
/// rely on it. Names keep their key once given. Changes are serialised with the attachments'
/// lock on the pin root.
/// </summary>
public sealed class HostTraitRegistry
{
    /// <summary>The registry's pin file name under the pin root.</summary>
    public const string PinName = "trait_registry";

    /// <summary>The kernel's name for the map (at most 15 characters).</summary>
    private const string MapName = "tbpf_traits";

    /// <summary>One name per key.</summary>
    private const int MaxEntries = Abi.TraitKeys.Count;

    private readonly PinLayout layout;
    private readonly ILogger logger;

    /// <summary>The registry under the default pin root, /sys/fs/bpf/traitsbpf.</summary>
    public HostTraitRegistry(ILogger? logger = null)
        : this(PinLayout.DefaultRoot, logger)
    {
    }

    /// <summary>The registry under <paramref name="root"/> (tests keep theirs apart from the host's).</summary>
    internal HostTraitRegistry(string root, ILogger? logger)
        : this(new PinLayout(root), logger)
    {
    }

    /// <summary>The registry under <paramref name="layout"/>'s root, sharing its lock (a load holds it from its keys to its record).</summary>
    internal HostTraitRegistry(PinLayout layout, ILogger? logger)
    {
        this.layout = layout;
        this.logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Where the registry is pinned.</summary>
    public string PinPath => Path.Combine(layout.Root, PinName);

    /// <summary>The registry's pin through the open pin root, checked not to be a symbolic link nor another user's.</summary>
    private string Pin => layout.Entry(PinName);

    /// <summary>Every registered name, highest key first; empty when nothing was ever registered.</summary>
    /// <exception cref="LoaderException">Not root, or the pin is not traitsbpf's registry.</exception>
    public IReadOnlyList<RegisteredTrait> List()
    {
        Capabilities.Require("reading the trait registry", bpf: true, netAdmin: false);
        using var root = layout.OpenRoot();
        if (root is null || !File.Exists(Pin))
        {
            return [];
        }

        using var map = OpenMap();
        return ReadAll(map);
    }

    /// <summary>
    /// The constant integer keys of attached programs, from their attachment records: names are
    /// not given these keys while those programs run.
    /// </summary>
    public IReadOnlyDictionary<int, IReadOnlyList<string>> KeysInUse() => Usage().Keys;

    /// <summary>The attached programs (attachment names) whose objects use each trait name.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Users() => Usage().Names;

    /// <summary>Both <see cref="Users"/> and <see cref="KeysInUse"/>, from one read of the attachment records.</summary>
    public TraitUsage Usage()
    {
        using var root = layout.OpenRoot();
        var records = root is null ? [] : new AttachmentCatalog(layout, logger).All();
        return new TraitUsage(UsersOf(records, t => t.Names), UsersOf(records, t => t.Keys));
    }

    /// <summary>
    /// The key of every trait <paramref name="manifest"/> names, registering the new names at once
    /// (<see cref="Plan"/> then <see cref="Commit"/> under one lock). A load registers only once it
    /// succeeded, by planning and committing itself.
    /// </summary>
    /// <param name="manifest">The object's traits manifest.</param>
    /// <param name="owner">Who asks, for the registry and for messages: e.g. "program 'tagger' (tagger.dll)".</param>
    /// <exception cref="LoaderException">
    /// <see cref="LoaderErrorKind.TraitConflict"/> when a name is registered with another size or type,
    /// or no key is left; nothing is registered then.
    /// </exception>
    public IReadOnlyDictionary<string, int> Assign(TraitManifest manifest, string owner)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (manifest.Traits.Count == 0)
            return new Dictionary<string, int>(StringComparer.Ordinal);
        using var _ = layout.JoinLock(create: true);
        var assignment = Plan(manifest, owner);
        Commit(assignment);
        return assignment.Keys;
    }

    /// <summary>
    /// The key every trait <paramref name="manifest"/> names would have, without registering anything:
    /// a registered name keeps its key; a new name gets the highest free key, counting down from 63,
    /// skipping keys taken by other names and the constant integer keys of this object and of attached
    /// programs. The caller holds the pin root's lock until it commits or gives up, so that no other
    /// load can take the same keys meanwhile.
    /// </summary>
    /// <exception cref="LoaderException">
    /// <see cref="LoaderErrorKind.TraitConflict"/> when a name is registered with another size or type, or no key is left.
    /// </exception>
    internal TraitAssignment Plan(TraitManifest manifest, string owner)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(owner);
        var keys = new Dictionary<string, int>(StringComparer.Ordinal);
        if (manifest.Traits.Count == 0)
            return new TraitAssignment(keys, []);

        Capabilities.Require("registering traits", bpf: true, netAdmin: false);
        using var _ = layout.JoinLock(create: true);
        var registered = ReadRegistered().ToDictionary(t => t.Name, StringComparer.Ordinal);
        var fresh = new List<RegisteredTrait>();
        foreach (var trait in manifest.Traits)
        {
            if (registered.TryGetValue(trait.Name, out var known))
            {
                CheckSame(known, trait, owner);
                keys[trait.Name] = known.Key;
            }
        }

        HashSet<int>? taken = null;
        foreach (var trait in manifest.Traits.Where(t => !keys.ContainsKey(t.Name)))
        {
            // Only a new name needs a free key, so only then are the attachment records read.
            taken ??= [.. registered.Values.Select(t => t.Key).Concat(manifest.Keys).Concat(KeysInUse().Keys)];
            int key = Enumerable.Range(0, Abi.TraitKeys.Count).Reverse().FirstOrDefault(k => !taken.Contains(k), -1);
            if (key < 0)
            {
                throw new LoaderException(LoaderErrorKind.TraitConflict,
                    $"{owner} needs a key for trait '{trait.Name}', but all {Abi.TraitKeys.Count} keys are taken by registered names or by integer keys of attached programs");
            }

            taken.Add(key);
            keys[trait.Name] = key;
            fresh.Add(new RegisteredTrait(trait.Name, key, trait.Size, TraitRegistryRecord.StoredTypeName(trait.TypeName), owner, DateTimeOffset.UtcNow));
        }

        WarnAboutSharedKeys(manifest, registered.Values, owner);
        return new TraitAssignment(keys, fresh);
    }

    /// <summary>Registers the new names of <paramref name="assignment"/>, made by <see cref="Plan"/> under the lock the caller still holds.</summary>
    internal void Commit(TraitAssignment assignment)
    {
        if (assignment.Fresh.Count == 0)
            return;
        using var _ = layout.JoinLock(create: true);
        using var map = File.Exists(Pin) ? OpenMap() : CreateMap();
        foreach (var trait in assignment.Fresh)
        {
            map.Update(TraitRegistryRecord.EncodeKey(trait.Name), TraitRegistryRecord.EncodeValue(trait), MapUpdateFlags.NoExist);
            logger.LogInformation("registered trait '{Name}' ({Size} bytes, {Type}) under key {Key}", trait.Name, trait.Size, trait.TypeName, trait.Key);
        }
    }

    /// <summary>Unregisters the new names of a committed <paramref name="assignment"/> whose load then failed.</summary>
    internal void Withdraw(TraitAssignment assignment)
    {
        if (assignment.Fresh.Count == 0)
            return;
        using var _ = layout.JoinLock(create: true);
        if (!File.Exists(Pin))
            return;
        using var map = OpenMap();
        foreach (var trait in assignment.Fresh)
            map.Delete(TraitRegistryRecord.EncodeKey(trait.Name));
    }

    /// <summary>
    /// Unregisters every name that no attachment's record uses (committed attachments and attaches
    /// interrupted by a crash alike), so that their keys can be given again.
    /// </summary>
    /// <returns>The names removed.</returns>
    public IReadOnlyList<RegisteredTrait> CollectGarbage()
    {
        Capabilities.Require("changing the trait registry", bpf: true, netAdmin: false);
        using var rootLock = layout.LockExisting();
        if (rootLock is null)
            return [];
        var usage = Usage();
        var used = usage.Names;
        var interruptedWork = StaleWorkSweeper.Interrupted(layout, logger).Where(w => w.Intent.Traits is not null).ToList();
        // With no program left that uses traits, the next one may choose the host's backend again.
        if (used.Count == 0 && usage.Keys.Count == 0 && interruptedWork.Count == 0 && new HostTraitBackend(layout, logger).Clear())
            logger.LogInformation("cleared the host's traits backend record: no attached program uses traits");
        if (!File.Exists(Pin))
            return [];
        var interrupted = interruptedWork.SelectMany(w => w.Intent.Traits!.Names).ToHashSet(StringComparer.Ordinal);
        using var map = OpenMap();
        var unused = ReadAll(map).Where(t => !used.ContainsKey(t.Name) && !interrupted.Contains(t.Name)).ToList();
        foreach (var trait in unused)
        {
            map.Delete(TraitRegistryRecord.EncodeKey(trait.Name));
            logger.LogInformation("unregistered trait '{Name}' (key {Key}): no attached program uses it", trait.Name, trait.Key);
        }
        return unused;
    }

    private List<RegisteredTrait> ReadRegistered()
    {
        if (!File.Exists(Pin))
            return [];
        using var map = OpenMap();
        return ReadAll(map);
    }

    private static void CheckSame(RegisteredTrait known, TraitsManifestEntry trait, string owner)
    {
        if (known.Size != trait.Size || known.TypeName != TraitRegistryRecord.StoredTypeName(trait.TypeName))
        {
            throw new LoaderException(LoaderErrorKind.TraitConflict,
                $"trait '{trait.Name}' is registered on this host as {Describe(known.Size, known.TypeName)} (key {known.Key}) by {known.RegisteredBy}, "
                + $"but {owner} declares it as {Describe(trait.Size, trait.TypeName)}; one name has one type on a host, so rename one of them");
        }
    }

    private static string Describe(int size, string type) => size == 0 ? $"a flag ({type})" : $"{size}-byte {type}";

    /// <summary>An integer key that a registered name also has works, but the two programs will read each other's values.</summary>
    private void WarnAboutSharedKeys(TraitManifest manifest, IEnumerable<RegisteredTrait> registered, string owner)
    {
        foreach (var trait in registered.Where(t => manifest.Keys.Contains(t.Key)))
        {
            logger.LogWarning("{Owner} uses integer key {Key}, which is also the key of registered trait '{Name}'", owner, trait.Key, trait.Name);
        }
    }

    private static IReadOnlyDictionary<T, IReadOnlyList<string>> UsersOf<T>(IReadOnlyList<AttachmentRecord> records, Func<AttachmentTraits, IEnumerable<T>> used)
        where T : notnull =>
        records
            .Where(r => r.Traits is not null)
            .SelectMany(r => used(r.Traits!).Select(item => (Item: item, r.Name)))
            .GroupBy(u => u.Item)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(u => u.Name).Distinct().ToList());

    private List<RegisteredTrait> ReadAll(PinnedMap map)
    {
        var traits = new List<RegisteredTrait>();
        var value = new byte[map.ValueBufferSize];
        foreach (var key in map.Keys())
        {
            if (!map.Lookup(key, value))
            {
                continue;
            }

            if (TraitRegistryRecord.Decode(key, value) is { } trait)
            {
                traits.Add(trait);
            }
            else
            {
                logger.LogWarning("the trait registry at {Path} holds an entry that is not a valid trait; it is ignored", PinPath);
            }
        }

        return traits.OrderByDescending(t => t.Key).ToList();
    }

    private PinnedMap OpenMap() =>
        PinnedMap.OpenOwn(Pin, BpfMapType.Hash, TraitRegistryRecord.KeySize, TraitRegistryRecord.ValueSize, "traitsbpf's trait registry");

    private PinnedMap CreateMap()
    {
        using (var handle = PinnedDescriptor.CreateRecordMap(BpfMapType.Hash, MapName, TraitRegistryRecord.KeySize, TraitRegistryRecord.ValueSize, MaxEntries, "the trait registry"))
        {
            PinnedDescriptor.Pin(handle.Fd, Pin, "the trait registry");
        }

        File.SetUnixFileMode(Pin, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        logger.LogInformation("created the trait registry at {Path}", PinPath);
        return OpenMap();
    }
}
