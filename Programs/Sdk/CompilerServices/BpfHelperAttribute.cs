namespace TraitsBpf.CompilerServices;

/// <summary>
/// Marks an SDK method that compiles to a call of a kernel BPF helper. Arguments go to
/// r1–r5 in order and the result comes back in r0, as in the kernel's helper ABI.
/// </summary>
/// <param name="id">The helper's number in enum bpf_func_id (e.g. 5 for bpf_ktime_get_ns).</param>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class BpfHelperAttribute(int id) : Attribute
{
    /// <summary>The helper's number in enum bpf_func_id.</summary>
    public int Id { get; } = id;
}
