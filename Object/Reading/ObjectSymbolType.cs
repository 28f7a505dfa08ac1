namespace TraitsBpf.Object.Reading;

/// <summary>An ELF symbol's type (STT_*).</summary>
public enum ObjectSymbolType
{
    /// <summary>STT_NOTYPE: e.g. an undefined kfunc extern, or one of clang's branch labels.</summary>
    NoType = 0,
    /// <summary>STT_OBJECT: a map, global variable or the license.</summary>
    Object = 1,
    /// <summary>STT_FUNC: a program or subprogram.</summary>
    Function = 2,
    /// <summary>STT_SECTION: stands for a section (static calls and data are relocated against it).</summary>
    Section = 3,
    /// <summary>STT_FILE: the source file name.</summary>
    File = 4,
    /// <summary>Any other value.</summary>
    Other = 15,
}
