namespace TraitsBpf.Abi;

/// <summary>The events <c>traitsbpf trace</c> reports, as its records number them.</summary>
public enum TraitTraceEvent : uint
{
    /// <summary>The stack receives the packet on a device (tp_btf/netif_receive_skb).</summary>
    Receive = 1,

    /// <summary>A device starts sending the packet (tp_btf/net_dev_start_xmit).</summary>
    Output = 2,

    /// <summary>A socket's reader copies the packet's data (tp_btf/skb_copy_datagram_iovec).</summary>
    Deliver = 3,

    /// <summary>The kernel drops the packet, with a reason (tp_btf/kfree_skb).</summary>
    Drop = 4,

    /// <summary>The kernel is done with the packet (tp_btf/consume_skb).</summary>
    Consume = 5,
}
