namespace TraitsBpf;

/// <summary>
/// Gives named traits their keys in managed execution, the way the loader's host registry does
/// for compiled programs: a name keeps the first key it gets; new names take the highest free
/// key, counting down from 63, so they stay clear of the small integer keys programs use
/// directly. Tests can pin a name to a key with <see cref="Register"/> (managed only).
/// </summary>
public static class TraitRegistry
{
    /// <summary>The highest key.</summary>
    public const int MaxKey = Abi.TraitKeys.Max;

    private static readonly Lock Gate = new();
    private static readonly Dictionary<string, Entry> Entries = new(StringComparer.Ordinal);

    /// <summary>Binds <paramref name="name"/> to <paramref name="key"/>, as if the host registry held it.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="key"/> is not 0 to 63.</exception>
    /// <exception cref="InvalidOperationException">The name already has another key, or another name has the key.</exception>
    public static void Register(string name, int key)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentOutOfRangeException.ThrowIfNegative(key);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(key, MaxKey);
        lock (Gate)
        {
            if (Entries.TryGetValue(name, out var existing))
            {
                if (existing.Key != key)
                {
                    throw new InvalidOperationException($"Trait '{name}' already has key {existing.Key}; it cannot also have key {key}.");
                }

                return;
            }

            string? holder = Entries.FirstOrDefault(e => e.Value.Key == key).Key;
            if (holder is not null)
            {
                throw new InvalidOperationException($"Key {key} already belongs to trait '{holder}'; it cannot also be '{name}'.");
            }

            Entries[name] = new Entry(key, null, null);
        }
    }

    /// <summary>Forgets every name (managed only; between tests).</summary>
    public static void Reset()
    {
        lock (Gate)
        {
            Entries.Clear();
        }
    }

    /// <summary>
    /// The key of the trait <paramref name="name"/> holding <paramref name="size"/>-byte values of
    /// <paramref name="valueType"/>, assigning one on first use.
    /// </summary>
    /// <exception cref="InvalidOperationException">The name is registered with another size or type, or all 64 keys are taken.</exception>
    internal static int Resolve(string name, int size, Type valueType)
    {
        lock (Gate)
        {
            if (Entries.TryGetValue(name, out var entry))
            {
                if (entry.ValueType is null)
                {
                    Entries[name] = entry with { Size = size, ValueType = valueType };
                }
                else if (entry.ValueType != valueType || entry.Size != size)
                {
                    throw new InvalidOperationException(
                        $"Trait '{name}' is registered as {entry.Size}-byte {entry.ValueType.FullName}; it cannot also be {size}-byte {valueType.FullName}.");
                }

                return entry.Key;
            }

            for (int key = MaxKey; key >= 0; key--)
            {
                if (!Entries.Values.Any(e => e.Key == key))
                {
                    Entries[name] = new Entry(key, size, valueType);
                    return key;
                }
            }

            throw new InvalidOperationException($"Trait '{name}' gets no key: all {MaxKey + 1} keys are taken.");
        }
    }

    /// <summary>A registered name: its key, and its value size and type once a trait has used it.</summary>
    private sealed record Entry(int Key, int? Size, Type? ValueType);
}
