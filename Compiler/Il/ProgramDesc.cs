namespace TraitsBpf.Compiler.Il;

/// <summary>A program entry point found in the assembly: a static method with an SDK program attribute.</summary>
internal sealed record ProgramDesc(string Name, ProgramKind Kind, string? TcDirection, MethodDesc Entry)
{
    /// <summary>The ELF section libbpf and iproute2 recognize for this kind.</summary>
    public string SectionName => Kind switch
    {
        ProgramKind.Xdp => "xdp",
        ProgramKind.Tc => "tc",
        _ => "socket",
    };
}
