using System.Buffers.Binary;
using System.Reflection;

namespace TraitsBpf.Differential.Tests.Comparison;

/// <summary>
/// The XDP metadata area in which the meta backend keeps a program's trait store: reserved at
/// entry, <see cref="Room"/> bytes: the seal, the store (docs/traits-abi.md) and zeros after it,
/// at the start of BPF_PROG_TEST_RUN's output. Reads the store's layout to find values.
/// </summary>
public static unsafe class MetaTraitArea
{
    private const int HeaderSize = 24;

    /// <summary>Where the store starts in the area: after the seal.</summary>
    private const int StoreOffset = MetaTraitSeal.Size;

    /// <summary>The value size of each valid size code (0 absent, 1 a flag, 2 to 5 values); codes 6 and 7 are never written.</summary>
    private static readonly int[] SizeOfCode = [0, 0, 2, 4, 8, 16];

    /// <summary>The area's size: the SDK's MetaTraitsBackend.Room, which the compiler reserves and trait_store.h mirrors.</summary>
    public static int Room { get; } = ReadRoom();

    /// <summary>
    /// The area as the kernel returns it for a store of these bytes written for
    /// <paramref name="packet"/>: the seal, the store, then zeros up to <see cref="Room"/>.
    /// </summary>
    public static byte[] Pad(ReadOnlySpan<byte> store, ReadOnlySpan<byte> packet)
    {
        if (StoreOffset + store.Length > Room)
        {
            throw new ArgumentException($"a {store.Length}-byte store and its seal do not fit the {Room}-byte area", nameof(store));
        }

        var output = new byte[Room + packet.Length];
        store.CopyTo(output.AsSpan(StoreOffset));
        packet.CopyTo(output.AsSpan(Room));
        fixed (byte* area = output)
        {
            MetaTraitSeal.Write(area, area + Room, area + output.Length);
        }

        return output[..Room];
    }

    /// <summary>
    /// Where the values of <paramref name="keys"/> are in the store at the start of
    /// <paramref name="output"/> (offset from the output's start, length), for the keys present
    /// whose place the header gives unambiguously and that lie within the area. A header with an
    /// invalid size code below a key leaves that key out: no place can be trusted then.
    /// </summary>
    public static IReadOnlyList<(int Offset, int Length)> ValueRanges(ReadOnlySpan<byte> output, IEnumerable<int> keys)
    {
        var ranges = new List<(int Offset, int Length)>();
        if (output.Length < StoreOffset + HeaderSize)
        {
            return ranges;
        }

        ulong plane0 = BinaryPrimitives.ReadUInt64LittleEndian(output[StoreOffset..]);
        ulong plane1 = BinaryPrimitives.ReadUInt64LittleEndian(output[(StoreOffset + 8)..]);
        ulong plane2 = BinaryPrimitives.ReadUInt64LittleEndian(output[(StoreOffset + 16)..]);
        int Code(int k) => (int)(((plane0 >> k) & 1) | (((plane1 >> k) & 1) << 1) | (((plane2 >> k) & 1) << 2));
        foreach (int key in keys)
        {
            int code = Code(key);
            if (code is 0 or >= 6)
            {
                continue;
            }

            int offset = StoreOffset + HeaderSize;
            bool valid = true;
            for (int lower = 0; lower < key && valid; lower++)
            {
                int lowerCode = Code(lower);
                valid = lowerCode < 6;
                offset += valid ? SizeOfCode[lowerCode] : 0;
            }

            int length = SizeOfCode[code];
            if (valid && length > 0 && offset + length <= Math.Min(Room, output.Length))
            {
                ranges.Add((offset, length));
            }
        }

        return ranges;
    }

    /// <summary>
    /// <paramref name="outcome"/> with the values of <paramref name="clockKeys"/> in its leading
    /// store masked (zeroed, and shown as ".." in reports): clock readings differ between sides.
    /// </summary>
    public static RunOutcome MaskClockValues(RunOutcome outcome, IReadOnlyCollection<int> clockKeys)
    {
        if (outcome.Error is not null || clockKeys.Count == 0)
        {
            return outcome;
        }

        var ranges = ValueRanges(outcome.Output, clockKeys);
        if (ranges.Count == 0)
        {
            return outcome;
        }

        var output = outcome.Output.ToArray();
        foreach (var (offset, length) in ranges)
        {
            output.AsSpan(offset, length).Clear();
        }

        return outcome with { Output = output, Masked = [.. outcome.Masked, .. ranges] };
    }

    private static int ReadRoom()
    {
        const string backend = "TraitsBpf.CompilerServices.MetaTraitsBackend";
        var field = typeof(TraitStore).Assembly.GetType(backend, throwOnError: true)!.GetField("Room", BindingFlags.Public | BindingFlags.Static)
            ?? throw new InvalidOperationException($"the SDK's {backend} has no Room constant");
        return (int)field.GetRawConstantValue()!;
    }
}
