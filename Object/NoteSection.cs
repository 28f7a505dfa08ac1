namespace TraitsBpf.Object;

/// <summary>
/// A section of information for tools, not for the kernel (SHT_PROGBITS, not allocated):
/// libbpf skips it, traitsbpf reads it. The traits manifest is one.
/// </summary>
/// <param name="Name">Section name, e.g. <c>.traitsbpf.traits</c>.</param>
/// <param name="Data">Its bytes.</param>
public sealed record NoteSection(string Name, byte[] Data);
