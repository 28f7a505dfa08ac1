namespace TraitsBpf;

/// <summary>The values of <see cref="BpfSocket.State"/> (<c>BPF_TCP_*</c>, the kernel's TCP states).</summary>
public enum SocketState : uint
{
    /// <summary>A connection in data transfer.</summary>
    Established = 1,
    /// <summary>A SYN was sent.</summary>
    SynSent = 2,
    /// <summary>A SYN was received.</summary>
    SynReceived = 3,
    /// <summary>FIN-WAIT-1.</summary>
    FinWait1 = 4,
    /// <summary>FIN-WAIT-2.</summary>
    FinWait2 = 5,
    /// <summary>TIME-WAIT.</summary>
    TimeWait = 6,
    /// <summary>Closed; also every UDP socket that is not connected.</summary>
    Close = 7,
    /// <summary>CLOSE-WAIT.</summary>
    CloseWait = 8,
    /// <summary>LAST-ACK.</summary>
    LastAck = 9,
    /// <summary>A listening socket.</summary>
    Listen = 10,
    /// <summary>CLOSING.</summary>
    Closing = 11,
    /// <summary>A request socket (a SYN received on a listener, not yet accepted).</summary>
    NewSynReceived = 12,
}
