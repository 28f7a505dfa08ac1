namespace TraitsBpf;

/// <summary>The kernel's <c>struct unix_address</c>: the address a unix socket is bound to.</summary>
[KernelType("unix_address")]
public struct UnixAddress
{
    /// <summary>The address's length in bytes as bind was given it, the family's two bytes included (<c>len</c>).</summary>
    [KernelField("len")]
    public int Length;
}
