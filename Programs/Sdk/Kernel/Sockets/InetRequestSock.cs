namespace TraitsBpf;

/// <summary>The kernel's <c>struct inet_request_sock</c>: a <see cref="RequestSock"/> of an IP listener.</summary>
[KernelType("inet_request_sock")]
public struct InetRequestSock
{
    /// <summary>The request (<c>req</c>).</summary>
    [KernelField("req")]
    public RequestSock Request;

    /// <summary>The mark the connection's socket will have (<c>ir_mark</c>).</summary>
    [KernelField("ir_mark")]
    public uint Mark;
}
