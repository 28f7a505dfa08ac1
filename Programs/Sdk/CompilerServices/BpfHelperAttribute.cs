using TraitsBpf.Object;

namespace TraitsBpf.CompilerServices;

/// <summary>
/// Marks an SDK method that compiles to a call of a kernel BPF helper. Arguments go to
/// r1–r5 in order and the result comes back in r0, as in the kernel's helper ABI.
/// </summary>
/// <param name="helper">The helper (its number in enum bpf_func_id), e.g. <see cref="BpfHelper.KtimeGetNs"/>.</param>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class BpfHelperAttribute(BpfHelper helper) : Attribute
{
    /// <summary>The helper this method calls.</summary>
    public BpfHelper Helper { get; } = helper;
}
