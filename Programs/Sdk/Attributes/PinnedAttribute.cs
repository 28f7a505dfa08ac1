namespace TraitsBpf;

/// <summary>
/// Pins the map a <c>static readonly</c> map field declares by its name, as C's
/// <c>__uint(pinning, LIBBPF_PIN_BY_NAME)</c>: the loader (libbpf, bpftool, <c>ip</c>, or
/// <c>traitsbpf load</c>) pins it at <c>&lt;pin root&gt;/&lt;field name&gt;</c>, <c>/sys/fs/bpf</c> by
/// default, and a later load that finds a compatible map pinned there reuses it, so programs
/// loaded separately share the map. The pin outlives the programs: remove it with <c>rm</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Field, Inherited = false)]
public sealed class PinnedAttribute : Attribute;
