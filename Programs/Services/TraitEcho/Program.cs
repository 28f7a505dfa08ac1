using System.Net;
using System.Net.Sockets;
using TraitsBpf.Sockets;

// TraitEcho PORT [COUNT]: echoes UDP datagrams on PORT, printing each request's traits by name and the
// control messages its cgroup's recvmsg policy put beside them (type:hex), and
// gives each reply its request's traits (so TC egress sees the request's packet id on the reply);
// exits after COUNT datagrams (never when absent). Exit 3 when the kernel passes no traits to sockets.
if (args.Length is < 1 or > 2 || !int.TryParse(args[0], out int port) || port is < 1 or > 65535
    || (args.Length == 2 && (!int.TryParse(args[1], out _) || int.Parse(args[1]) < 1)))
{
    Console.Error.WriteLine("usage: TraitEcho PORT [COUNT]");
    return 2;
}

int count = args.Length == 2 ? int.Parse(args[1]) : int.MaxValue;
TraitSocket service;
TraitNameTable names;
try
{
    var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    names = TraitNameTable.FromHost();
    service = new TraitSocket(socket, names);
    socket.Bind(new IPEndPoint(IPAddress.Any, port));
}
catch (TraitsNotSupportedException e)
{
    Console.Error.WriteLine($"TraitEcho: {e.Message}");
    return 3;
}

using (service)
{
    Console.WriteLine($"listening on udp port {port}; replies {(TraitSocket.CanSendTraits ? "carry their requests' traits" : "carry no traits (this kernel does not give sent datagrams traits)")}");
    var buffer = new byte[2048];
    for (int i = 0; i < count; i++)
    {
        var message = await service.ReceiveWithTraitsAsync(buffer);
        // A name no program has registered on this host has no value to print (TryGet by name would throw).
        string id = names.Find("packet_id") is not null && message.Traits.TryGet("packet_id", out ulong packetId) ? packetId.ToString() : "-";
        string trafficClass = names.Find("traffic_class") is not null && message.Traits.TryGet("traffic_class", out uint value) ? value.ToString() : "-";
        string policy = string.Join(',', message.PolicyMessages.Select(m => $"{m.Type}:{Convert.ToHexStringLower(m.Data)}"));
        Console.WriteLine($"from {message.RemoteEndPoint} bytes {message.Length} packet_id {id} traffic_class {trafficClass} keys [{string.Join(',', message.Traits.Keys)}] policy [{policy}]");
        if (message.RemoteEndPoint is null)
            continue;
        if (TraitSocket.CanSendTraits)
            await service.SendWithTraitsAsync(buffer.AsMemory(0, message.Length), message.RemoteEndPoint, OutgoingTraits.From(message.Traits));
        else
            await service.Socket.SendToAsync(buffer.AsMemory(0, message.Length), message.RemoteEndPoint);
    }
}

return 0;
