namespace TraitsBpf.Loader.Loading;

/// <summary>The steps of a <see cref="LoadSequence"/>, in the order they run; a load that does not attach stops after <see cref="Load"/>.</summary>
public enum LoadStep
{
    /// <summary>Reads the object file, or compiles the assembly, into ELF bytes.</summary>
    Open,

    /// <summary>Checks the ELF and its BTF, opens it in libbpf, chooses the program, sets constants and reads the trait manifest.</summary>
    Check,

    /// <summary>Checks the kernel has the trait kfuncs the object calls and binds its named traits to the host registry's keys.</summary>
    Registry,

    /// <summary>Loads the chosen program and the maps through libbpf and the verifier.</summary>
    Load,

    /// <summary>Attaches the program at its hook (or swaps it into the existing attachment of the same name).</summary>
    Attach,

    /// <summary>Pins the program, the maps and the link in the attachment's staging directory.</summary>
    Pin,

    /// <summary>Writes the attachment record and moves the pins into place; after this the attachment stays.</summary>
    Record,
}
