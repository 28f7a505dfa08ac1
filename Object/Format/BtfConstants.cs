namespace TraitsBpf.Object.Format;

/// <summary>Fixed numbers of the .BTF and .BTF.ext encodings (Documentation/bpf/btf.rst).</summary>
internal static class BtfConstants
{
    public const ushort Magic = 0xeB9F;
    public const byte Version = 1;

    /// <summary>struct btf_header: magic, version, flags, hdr_len, then four u32 offsets/lengths.</summary>
    public const int HeaderSize = 24;

    /// <summary>struct btf_type: name_off, info, size-or-type.</summary>
    public const int TypeHeaderSize = 12;

    /// <summary>
    /// struct btf_ext_header with the CO-RE fields, as clang writes it; libbpf accepts the
    /// shorter form too, but the longer one says explicitly that there are no CO-RE relocations.
    /// </summary>
    public const int ExtHeaderSize = 32;

    /// <summary>struct bpf_func_info: insn_off, type_id.</summary>
    public const int FuncInfoRecordSize = 8;

    /// <summary>struct bpf_line_info: insn_off, file_name_off, line_off, line_col.</summary>
    public const int LineInfoRecordSize = 16;

    /// <summary>struct bpf_core_relo: insn_off, type_id, access_str_off, kind.</summary>
    public const int CoreRelocationRecordSize = 16;

    /// <summary>line_col keeps the column in its low 10 bits and the line above them.</summary>
    public const int LineShift = 10;
    public const int MaxColumn = (1 << LineShift) - 1;
    public const int MaxLine = (1 << (32 - LineShift)) - 1;

    /// <summary>The name clang gives the 4-byte index type of every array.</summary>
    public const string ArrayIndexTypeName = "__ARRAY_SIZE_TYPE__";
}
