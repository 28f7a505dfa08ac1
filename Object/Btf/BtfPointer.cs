namespace TraitsBpf.Object.Btf;

/// <summary>A pointer (BTF_KIND_PTR).</summary>
public sealed class BtfPointer(BtfType target) : BtfType("")
{
    /// <summary>The pointee.</summary>
    public BtfType Target { get; } = target;
}
