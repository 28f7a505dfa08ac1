namespace TraitsBpf.Object.Reading;

/// <summary>An ELF symbol's binding (STB_*).</summary>
public enum ObjectSymbolBinding
{
    /// <summary>STB_LOCAL.</summary>
    Local = 0,
    /// <summary>STB_GLOBAL.</summary>
    Global = 1,
    /// <summary>STB_WEAK.</summary>
    Weak = 2,
    /// <summary>Any other value.</summary>
    Other = 15,
}
