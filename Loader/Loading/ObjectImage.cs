namespace TraitsBpf.Loader.Loading;

/// <summary>A BPF ELF object in memory, as the open step of a <see cref="LoadSequence"/> produces it.</summary>
/// <param name="Name">The object's name (libbpf prefixes internal map names with it).</param>
/// <param name="Elf">The ELF bytes.</param>
/// <param name="Origin">What the user named: the file the object was read or compiled from.</param>
public sealed record ObjectImage(string Name, byte[] Elf, string Origin);
