namespace TraitsBpf.Object;

/// <summary>
/// Thrown by <see cref="ObjectReader"/> and <see cref="ObjectImageCheck"/> when bytes are not a well-formed BPF ELF object:
/// truncated, not ELF, another machine, offsets or indices that point outside the file.
/// The message is one sentence saying what is wrong and where.
/// </summary>
public sealed class ObjectFormatException(string message) : Exception(message);
