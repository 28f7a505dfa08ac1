namespace TraitsBpf.Compiler.Frontend;

/// <summary>
/// An SDK map class and the kernel map it declares: which BPF_MAP_TYPE, which generic arguments
/// are key and value, and fixed key/value sizes for maps whose elements are not typed.
/// </summary>
internal sealed record MapKind(string GenericName, int MapType, int KeyArgument, int ValueArgument, int KeySize, int ValueSize)
{
    private static readonly MapKind[] All =
    [
        new("TraitsBpf.ArrayMap`1", 2, -1, 0, 4, 0),
        new("TraitsBpf.PerCpuArrayMap`1", 6, -1, 0, 4, 0),
        new("TraitsBpf.HashMap`2", 1, 0, 1, 0, 0),
        new("TraitsBpf.LruHashMap`2", 9, 0, 1, 0, 0),
        new("TraitsBpf.RingBuffer", 27, -1, -1, 0, 0),
        new("TraitsBpf.ProgramArray", 3, -1, -1, 4, 4),
        new("TraitsBpf.DevMap", 14, -1, -1, 4, 4),
    ];

    /// <summary>The kind for a type's full name (generic arguments ignored), or null when it is not an SDK map.</summary>
    public static MapKind? Of(string fullName)
    {
        int angle = fullName.IndexOf('<');
        string name = angle < 0 ? fullName : fullName[..angle];
        return All.FirstOrDefault(k => k.GenericName == name);
    }
}
