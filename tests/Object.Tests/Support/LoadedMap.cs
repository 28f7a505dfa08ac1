namespace TraitsBpf.Object.Tests.Support;

/// <summary>A map the kernel created for a loaded object, as <c>bpftool -j map show</c> describes it.</summary>
internal sealed record LoadedMap(string Name, string Type, uint Flags, int KeySize, int ValueSize, int MaxEntries, bool Frozen);
