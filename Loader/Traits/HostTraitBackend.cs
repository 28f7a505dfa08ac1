using System.Buffers.Binary;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TraitsBpf.Abi;
using TraitsBpf.Loader.Interop;
using TraitsBpf.Loader.Pins;
using TraitsBpf.Object;

namespace TraitsBpf.Loader.Traits;

/// <summary>
/// The traits backend in force on this host, recorded beside the trait registry by the first load of
/// a program that uses traits: taggers and readers loaded by separate commands must keep traits in
/// the same place, so a program compiled for another backend is refused until no attached program
/// uses traits and <c>traits --gc</c> clears the record. A one-entry array map pinned at
/// <c>trait_backend</c> (u32 backend + 1, u32 0, u64 Unix seconds, 128 bytes naming the program).
/// </summary>
public sealed class HostTraitBackend
{
    /// <summary>The record's pin file name under the pin root.</summary>
    public const string PinName = "trait_backend";

    private const string MapName = "tbpf_backend";
    private const int OwnerSize = 128;
    private const int ValueSize = 4 + 4 + 8 + OwnerSize;

    private readonly PinLayout layout;
    private readonly ILogger logger;

    /// <summary>The record under the default pin root, /sys/fs/bpf/traitsbpf.</summary>
    public HostTraitBackend(ILogger? logger = null)
        : this(new PinLayout(PinLayout.DefaultRoot), logger)
    {
    }

    /// <summary>The record under <paramref name="layout"/>'s root.</summary>
    internal HostTraitBackend(PinLayout layout, ILogger? logger)
    {
        this.layout = layout;
        this.logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Where the record is pinned.</summary>
    public string PinPath => layout.Shown(PinName);

    /// <summary>The backend in force, or null when no program that uses traits was loaded since the record was last cleared.</summary>
    public HostBackendRecord? Read()
    {
        using var root = layout.OpenRoot();
        if (root is null || !File.Exists(layout.Entry(PinName)))
            return null;
        using var map = Open();
        Span<byte> value = stackalloc byte[ValueSize];
        if (!map.Lookup(stackalloc byte[sizeof(uint)], value))
            return null;
        uint code = BinaryPrimitives.ReadUInt32LittleEndian(value);
        if (code == 0)
            return null;
        return new HostBackendRecord(
            (TraitsBackend)(code - 1),
            TraitRegistryRecord.GetString(value[16..]) ?? "?",
            DateTimeOffset.FromUnixTimeSeconds((long)BinaryPrimitives.ReadUInt64LittleEndian(value[8..])));
    }

    /// <summary>
    /// Refuses <paramref name="owner"/>, compiled for <paramref name="backend"/>, when the host's record names
    /// another backend. The caller holds the pin root's lock until it records (<see cref="Record"/>) or gives up.
    /// </summary>
    /// <exception cref="LoaderException"><see cref="LoaderErrorKind.TraitConflict"/>: the host keeps traits elsewhere.</exception>
    public void Require(TraitsBackend backend, string owner)
    {
        if (Read() is { } record && record.Backend != backend)
            throw new LoaderException(LoaderErrorKind.TraitConflict,
                $"{owner} was compiled for the {TraitsBackendNames.Of(backend)} traits backend, but this host keeps traits with the {TraitsBackendNames.Of(record.Backend)} backend (since {record.RecordedBy} was loaded); compile it with --traits {TraitsBackendNames.Of(record.Backend)}, or detach every program that uses traits and run traitsbpf traits --gc to choose again.");
    }

    /// <summary>Records <paramref name="backend"/> as the host's when nothing is recorded; the caller holds the pin root's lock.</summary>
    public void Record(TraitsBackend backend, string owner)
    {
        if (Read() is not null)
            return;
        if (!File.Exists(layout.Entry(PinName)))
        {
            using var handle = PinnedDescriptor.CreateRecordMap(BpfMapType.Array, MapName, sizeof(uint), ValueSize, 1, "the traits backend record");
            PinnedDescriptor.Pin(handle.Fd, layout.Entry(PinName), "the traits backend record");
        }

        using var map = Open();
        var value = new byte[ValueSize];
        BinaryPrimitives.WriteUInt32LittleEndian(value, (uint)backend + 1);
        BinaryPrimitives.WriteUInt64LittleEndian(value.AsSpan(8), (ulong)DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        TraitRegistryRecord.PutString(value.AsSpan(16), owner);
        map.Update(new byte[sizeof(uint)], value);
        logger.LogInformation("this host keeps traits with the {Backend} backend from now on ({Owner})", TraitsBackendNames.Of(backend), owner);
    }

    /// <summary>Clears the record (the caller has checked that no attached program uses traits); true when there was one.</summary>
    public bool Clear()
    {
        if (Read() is null)
            return false;
        using var map = Open();
        map.Update(new byte[sizeof(uint)], new byte[ValueSize]);
        return true;
    }

    private PinnedMap Open() =>
        PinnedMap.OpenOwn(layout.Entry(PinName), BpfMapType.Array, sizeof(uint), ValueSize, "traitsbpf's traits backend record");
}
