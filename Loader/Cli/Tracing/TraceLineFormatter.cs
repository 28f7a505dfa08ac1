using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using TraitsBpf.Abi;
using TraitsBpf.Loader.Traits;

namespace TraitsBpf.Cli.Tracing;

/// <summary>
/// One line per <c>traitsbpf trace</c> record: the time of day, the event, the device, the packet's length, the
/// drop reason by its name in the kernel's <c>enum skb_drop_reason</c>, and the trait values, by name where the
/// host's registry names the key (<c>#KEY=0x...</c> otherwise).
/// </summary>
/// <param name="registered">The host's registered traits.</param>
/// <param name="dropReasons">The kernel's <c>enum skb_drop_reason</c>: enumerator name → value.</param>
internal sealed class TraceLineFormatter(IReadOnlyList<RegisteredTrait> registered, IReadOnlyDictionary<string, long> dropReasons)
{
    private const string ReasonPrefix = "SKB_DROP_REASON_";

    private readonly Dictionary<int, RegisteredTrait> byKey = registered.ToDictionary(t => t.Key);
    private readonly Dictionary<long, string> reasons = dropReasons
        .GroupBy(r => r.Value)
        .ToDictionary(g => g.Key, g => g.First().Key.StartsWith(ReasonPrefix, StringComparison.Ordinal) ? g.First().Key[ReasonPrefix.Length..] : g.First().Key);

    // bpf_ktime_get_ns is CLOCK_MONOTONIC, which is also Stopwatch's clock on Linux: the two read together give the wall clock.
    private readonly DateTimeOffset wallAtStart = DateTimeOffset.Now;
    private readonly long monotonicAtStart = (long)(Stopwatch.GetTimestamp() * (1e9 / Stopwatch.Frequency));

    /// <summary>The line for <paramref name="record"/>; null when it is not a whole record.</summary>
    public string? Format(ReadOnlySpan<byte> record)
    {
        if (record.Length < TraitTraceFormat.RecordSize)
            return null;
        ulong time = BinaryPrimitives.ReadUInt64LittleEndian(record[TraitTraceFormat.RecordOffsets.Time..]);
        var traceEvent = (TraitTraceEvent)BinaryPrimitives.ReadUInt32LittleEndian(record[TraitTraceFormat.RecordOffsets.Event..]);
        uint reason = BinaryPrimitives.ReadUInt32LittleEndian(record[TraitTraceFormat.RecordOffsets.Reason..]);
        uint length = BinaryPrimitives.ReadUInt32LittleEndian(record[TraitTraceFormat.RecordOffsets.Length..]);
        var source = (TraitTraceSource)BinaryPrimitives.ReadUInt32LittleEndian(record[TraitTraceFormat.RecordOffsets.Source..]);
        var name = record.Slice(TraitTraceFormat.RecordOffsets.Device, TraitTraceFormat.DeviceNameSize);
        int end = name.IndexOf((byte)0);
        string device = Encoding.UTF8.GetString(end < 0 ? name : name[..end]);
        // A store read from the metadata area follows its 16-byte seal.
        int storeStart = TraitTraceFormat.RecordOffsets.Store + (source == TraitTraceSource.Meta ? TraitStoreFormat.MetaSealSize : 0);
        var store = record.Slice(storeStart, TraitStoreFormat.MaxSize);

        var line = new StringBuilder();
        var at = wallAtStart.AddTicks(((long)time - monotonicAtStart) / 100);
        line.Append(at.ToString("HH:mm:ss.ffffff", CultureInfo.InvariantCulture));
        line.Append(CultureInfo.InvariantCulture, $" {EventName(traceEvent),-8} {(device.Length == 0 ? "-" : device),-16} len={length,-5}");
        if (traceEvent == TraitTraceEvent.Drop)
            line.Append(CultureInfo.InvariantCulture, $" reason={(reasons.TryGetValue(reason, out var reasonName) ? reasonName : reason.ToString(CultureInfo.InvariantCulture))}");
        line.Append(' ').Append(Traits(store));
        return line.ToString();
    }

    /// <summary>The event's word in a line.</summary>
    public static string EventName(TraitTraceEvent traceEvent) => traceEvent switch
    {
        TraitTraceEvent.Receive => "receive",
        TraitTraceEvent.Output => "output",
        TraitTraceEvent.Deliver => "deliver",
        TraitTraceEvent.Drop => "drop",
        TraitTraceEvent.Consume => "consume",
        _ => $"event{(uint)traceEvent}",
    };

    private string Traits(ReadOnlySpan<byte> store)
    {
        // The programs validated the store (a sealed area, or a stash entry the store code wrote), so this is never
        // expected; still, no byte past a store is read as a value.
        const string Invalid = "(a store the kernel cannot have written)";
        IReadOnlyList<TraitStoreSlot> slots;
        try
        {
            slots = TraitStoreLayout.Read(store);
        }
        catch (FormatException)
        {
            return Invalid;
        }

        if (TraitStoreLayout.Length(slots) > TraitStoreFormat.MaxSize)
            return Invalid;
        if (slots.Count == 0)
            return "(no traits)";
        var parts = new List<string>(slots.Count);
        foreach (var slot in slots)
        {
            var value = store.Slice(slot.Offset, slot.Size);
            parts.Add(byKey.TryGetValue(slot.Key, out var trait)
                ? TraitValueText.Format(trait, value)
                : slot.Size == 0 ? $"#{slot.Key}" : $"#{slot.Key}=0x{Convert.ToHexStringLower(value)}");
        }

        return string.Join(' ', parts);
    }
}
