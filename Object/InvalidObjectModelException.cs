namespace TraitsBpf.Object;

/// <summary>
/// Thrown by <see cref="ObjectWriter.Write"/> when an <see cref="ObjectModel"/> cannot become a
/// loadable object (a relocation on the wrong instruction, a function outside its section,
/// line info the kernel would reject, ...). It means an earlier compiler stage has a bug, so the
/// message names the section, function or instruction at fault.
/// </summary>
public sealed class InvalidObjectModelException(string message) : Exception(message);
