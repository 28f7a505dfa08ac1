namespace TraitsBpf.Sockets;

/// <summary>
/// The running kernel does not pass packet traits to sockets: it lacks the TraitsBpf series'
/// <c>SOL_BPF</c>/<c>SO_BPF_TRAITS</c> option, or the socket is not of an IP family.
/// </summary>
public sealed class TraitsNotSupportedException(string message, Exception? inner = null) : Exception(message, inner);
