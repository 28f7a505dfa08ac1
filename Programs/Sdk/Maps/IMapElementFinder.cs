namespace TraitsBpf;

/// <summary>
/// A managed map that can say which element's value holds an address: the kernel calls a timer's callback with the
/// key and value of the element the timer is in, and managed execution finds them the same way.
/// </summary>
internal unsafe interface IMapElementFinder
{
    /// <summary>The key's bytes and the value's address of the element holding <paramref name="address"/>, or false.</summary>
    bool TryFindElement(byte* address, out byte[] key, out byte* value);
}
