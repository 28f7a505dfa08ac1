namespace TraitsBpf;

/// <summary>The kernel's <c>atomic64_t</c> (an unnamed struct the kernel updates atomically), as a field of a kernel struct.</summary>
[KernelType("")]
public struct Atomic64
{
    /// <summary>The value (<c>counter</c>).</summary>
    public long Counter;
}
