namespace TraitsBpf;

/// <summary>
/// Declares a cgroup skb program (BPF_PROG_TYPE_CGROUP_SKB): it sees every packet a socket of the cgroup's processes
/// receives (<see cref="CgroupSkbDirection.Ingress"/>) or sends (<see cref="CgroupSkbDirection.Egress"/>), and lets it
/// through or drops it. The method must be <c>static</c>, take one <see cref="CgroupSkbContext"/> and return
/// <see cref="CgroupSkbVerdict"/>. The object section is <c>cgroup_skb/ingress</c> or <c>cgroup_skb/egress</c>;
/// <c>traitsbpf load --cgroup PATH</c> attaches it there.
/// </summary>
/// <param name="name">Program name: letters, digits and underscores.</param>
/// <param name="direction">Which packets: those the cgroup's sockets receive or send.</param>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class CgroupSkbAttribute(string name, CgroupSkbDirection direction) : Attribute
{
    /// <summary>The program name.</summary>
    public string Name { get; } = name;

    /// <summary>The cgroup hook the program runs at.</summary>
    public CgroupSkbDirection Direction { get; } = direction;
}
