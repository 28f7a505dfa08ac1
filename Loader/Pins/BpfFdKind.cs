namespace TraitsBpf.Loader.Pins;

/// <summary>What kind of BPF object a descriptor refers to.</summary>
internal enum BpfFdKind
{
    Other,
    Program,
    Map,
    Link,
}
