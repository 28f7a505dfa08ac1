namespace TraitsBpf.Loader.Btf;

/// <summary>BTF (or BTF.ext) bytes that break the format's rules; the message says which rule.</summary>
internal sealed class BtfFormatException(string message) : Exception(message);
