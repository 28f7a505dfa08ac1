namespace TraitsBpf.Object;

/// <summary>What a <see cref="CoreRelocation"/> patches in, as <c>enum bpf_core_relo_kind</c> numbers it.</summary>
public enum CoreRelocationKind
{
    /// <summary>BPF_CORE_FIELD_BYTE_OFFSET: the field's byte offset.</summary>
    FieldByteOffset = 0,
}
