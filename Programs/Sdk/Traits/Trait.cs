namespace TraitsBpf;

/// <summary>
/// A named packet trait holding a <typeparamref name="T"/>. Declare it as a
/// <c>static readonly</c> field (<c>static readonly Trait&lt;ulong&gt; PacketId = new("packet_id");</c>)
/// and pass it to <see cref="PacketTraits"/>. Its key (0–63) is not fixed in the program: the
/// loader takes it from the host's trait registry before load, so every program on a host
/// agrees on it.
/// </summary>
/// <typeparam name="T">The value type: <see cref="TraitFlag"/> (no value) or an unmanaged type of 2, 4, 8 or 16 bytes.</typeparam>
public sealed class Trait<T>
    where T : unmanaged
{
    /// <summary>The longest name: the registry keys names by 48 bytes.</summary>
    private const int MaxNameLength = 48;

    /// <summary>Declares a trait named <paramref name="name"/>.</summary>
    /// <param name="name">1–48 characters: lowercase letters, digits and '_', not starting with a digit.</param>
    /// <exception cref="ArgumentException">The name is not valid, or <typeparamref name="T"/> is not a trait value size.</exception>
    public Trait(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!IsValidName(name))
        {
            throw new ArgumentException(
                $"'{name}' is not a trait name: use 1 to {MaxNameLength} lowercase letters, digits and '_', not starting with a digit.",
                nameof(name));
        }

        Name = name;
        Size = TraitValueSize.Of<T>();
    }

    /// <summary>The trait's name in the registry.</summary>
    public string Name { get; }

    /// <summary>The size of the stored value: 0 for <see cref="TraitFlag"/>, else sizeof(<typeparamref name="T"/>).</summary>
    public int Size { get; }

    /// <summary>
    /// The key this trait has in managed execution, from <see cref="TraitRegistry"/> (managed only;
    /// a compiled program reads the key the loader wrote before load).
    /// </summary>
    public int Key => TraitRegistry.Resolve(Name, Size, typeof(T));

    /// <summary>The trait as its name and type, for messages.</summary>
    public override string ToString() => $"{Name} ({typeof(T).FullName}, {Size} bytes)";

    private static bool IsValidName(string name)
    {
        if (name.Length is 0 or > MaxNameLength || name[0] is >= '0' and <= '9')
        {
            return false;
        }

        foreach (char c in name)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '_'))
            {
                return false;
            }
        }

        return true;
    }
}
