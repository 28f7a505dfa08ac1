namespace TraitsBpf;

/// <summary>The cgroup skb hooks.</summary>
public enum CgroupSkbDirection
{
    /// <summary><c>cgroup_skb/ingress</c> (BPF_CGROUP_INET_INGRESS): packets delivered to the cgroup's sockets.</summary>
    Ingress = 0,

    /// <summary><c>cgroup_skb/egress</c> (BPF_CGROUP_INET_EGRESS): packets the cgroup's sockets send.</summary>
    Egress = 1,
}
