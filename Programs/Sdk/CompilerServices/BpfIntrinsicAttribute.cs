using TraitsBpf.Object;

namespace TraitsBpf.CompilerServices;

/// <summary>
/// Marks an SDK member that the TraitsBpf compiler lowers itself instead of compiling its
/// managed body (a context field load, a byte swap). The managed body still runs when the
/// program executes as ordinary .NET code, so both must agree.
/// </summary>
/// <param name="name">The compiler's name for the lowering, e.g. <c>xdp_md.data</c>.</param>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Property, Inherited = false)]
public sealed class BpfIntrinsicAttribute(string name) : Attribute
{
    /// <summary>The compiler's name for the lowering.</summary>
    public string Name { get; } = name;

    /// <summary>
    /// The kernel helper the lowering calls, when it calls one (its arguments are not the member's one for one,
    /// so it is no <see cref="BpfHelperAttribute"/>); the helper table in docs/helpers.md is read from these.
    /// </summary>
    public BpfHelper Helper { get; init; }
}
