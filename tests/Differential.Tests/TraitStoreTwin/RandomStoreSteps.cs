namespace TraitsBpf.Differential.Tests.TraitStoreTwin;

/// <summary>
/// Random trait store steps over random rooms, the same for a seed on every run. Rooms hold valid
/// stores (built by <see cref="TraitStore"/> itself, with zeros or junk after them),
/// headers written by something else (invalid size codes, values claimed beyond the room), junk,
/// or less than a header; steps are mostly valid operations on present and absent keys, with bad
/// keys, sizes and flags mixed in.
/// </summary>
public sealed class RandomStoreSteps(int seed)
{
    private static readonly byte[] ValueSizes = [0, 2, 4, 8, 16];

    private readonly Random random = new(seed);

    /// <summary>A room's length: at most <paramref name="max"/>, a multiple of <paramref name="multiple"/>, often less than a header or near the most.</summary>
    public int NextRoomLength(int max, int multiple)
    {
        int length = random.Next(10) switch
        {
            0 => random.Next(24),
            1 => max - random.Next(16),
            _ => 24 + random.Next(max - 23),
        };
        return Math.Clamp(length, 0, max) / multiple * multiple;
    }

    /// <summary>A room of <paramref name="length"/> bytes as something may have left it.</summary>
    public byte[] Room(int length)
    {
        var room = new byte[length];
        switch (random.Next(10))
        {
            case < 5:
                if (random.Next(2) == 0)
                {
                    random.NextBytes(room);
                }

                room.AsSpan(0, Math.Min(24, length)).Clear();
                int sets = random.Next(14);
                for (int i = 0; i < sets; i++)
                {
                    var value = Bytes(16);
                    StoreStepSides.Managed(new StoreStep(1, (ulong)random.Next(64), ValueSizes[random.Next(ValueSizes.Length)], 0, value), room).Room.CopyTo(room, 0);
                }

                break;
            case < 8:
                random.NextBytes(room);
                if (length >= 24)
                {
                    // Sparse planes: a header that claims a handful of keys, some with invalid codes.
                    for (int plane = 0; plane < 3; plane++)
                    {
                        BitConverter.TryWriteBytes(room.AsSpan(8 * plane), Bits() & Bits() & Bits());
                    }
                }

                break;
            default:
                random.NextBytes(room);
                break;
        }

        return room;
    }

    /// <summary>A step whose key is often one the room's header holds.</summary>
    public StoreStep Step(byte[] room)
    {
        byte operation = (byte)(random.Next(20) switch { < 7 => 0, < 16 => 1, _ => 2 });
        ulong key = Key(room);
        byte size = random.Next(8) == 0 ? (byte)random.Next(256) : ValueSizes[random.Next(ValueSizes.Length)];
        ulong flags = random.Next(16) switch
        {
            < 11 => 0,
            < 13 => 1,
            < 15 => 2,
            _ => random.Next(2) == 0 ? 3 : (ulong)random.NextInt64(),
        };
        return new StoreStep(operation, key, size, flags, Bytes(16));
    }

    private ulong Key(byte[] room)
    {
        switch (random.Next(20))
        {
            case 0:
                return 64 + (ulong)random.Next(4);
            case 1:
                return random.Next(2) == 0 ? ulong.MaxValue : (ulong)random.NextInt64() | 1UL << 63;
            case < 11 when room.Length >= 24:
                ulong present = BitConverter.ToUInt64(room, 0) | BitConverter.ToUInt64(room, 8) | BitConverter.ToUInt64(room, 16);
                if (present != 0)
                {
                    int[] keys = [.. Enumerable.Range(0, 64).Where(k => (present >> k & 1) != 0)];
                    return (ulong)keys[random.Next(keys.Length)];
                }

                return (ulong)random.Next(64);
            default:
                return (ulong)random.Next(64);
        }
    }

    private ulong Bits() => (ulong)random.NextInt64() ^ (ulong)random.Next() << 63;

    private byte[] Bytes(int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
