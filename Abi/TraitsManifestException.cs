namespace TraitsBpf.Abi;

/// <summary>A traits manifest that does not follow its format; the message says where and how.</summary>
public sealed class TraitsManifestException(string message) : FormatException(message);
