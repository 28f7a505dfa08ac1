namespace TraitsBpf;

/// <summary>What a cgroup skb program decides about a packet.</summary>
public enum CgroupSkbVerdict
{
    /// <summary>0: the packet is dropped (a send fails with EPERM).</summary>
    Drop = 0,

    /// <summary>1: the packet goes on.</summary>
    Allow = 1,
}
