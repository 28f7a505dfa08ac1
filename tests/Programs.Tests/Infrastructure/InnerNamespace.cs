using TraitsBpf.TestSupport.Host;

namespace TraitsBpf.Programs.Tests.Infrastructure;

/// <summary>
/// A third namespace behind a <see cref="VethPair"/>'s receiver, as a container sits behind its host: a second veth pair
/// joins the receiver's namespace (<see cref="HostInterface"/>, <see cref="HostAddress"/>) to this one
/// (<see cref="Interface"/>, <see cref="Address"/>, the default route back through the host). The receiver does not
/// forward, so a packet the sender addresses to <see cref="Address"/> arrives only when a program redirects it.
/// </summary>
public sealed class InnerNamespace : IDisposable
{
    /// <summary>The host end's address.</summary>
    public const string HostAddress = "10.202.13.1";

    /// <summary>The inner end's address, which the sender routes through the receiver.</summary>
    public const string Address = "10.202.13.2";

    public InnerNamespace(VethPair veth)
    {
        Name = veth.Id + "c";
        HostInterface = veth.Id + "h";
        Interface = veth.Id + "c";
        try
        {
            Ip("netns", "add", Name);
            veth.IpInReceiver("link", "add", HostInterface, "type", "veth", "peer", "name", Interface, "netns", Name).EnsureSuccess();
            veth.IpInReceiver("addr", "add", HostAddress + "/24", "dev", HostInterface).EnsureSuccess();
            veth.IpInReceiver("link", "set", HostInterface, "up").EnsureSuccess();
            Ip("-n", Name, "addr", "add", Address + "/24", "dev", Interface);
            Ip("-n", Name, "link", "set", Interface, "up");
            Ip("-n", Name, "link", "set", "lo", "up");
            Ip("-n", Name, "route", "add", "default", "via", HostAddress, "dev", Interface);
            Run.Command("ip", "-n", veth.SenderNamespace, "route", "add", Address + "/32", "via", VethPair.ReceiverAddress).EnsureSuccess();
            // The receiver must not route the packet itself, whatever the host's defaults; the inner namespace must take a
            // packet from the sender's subnet on its one interface.
            Run.Command("ip", "netns", "exec", veth.ReceiverNamespace, "sysctl", "-qw", "net.ipv4.ip_forward=0").EnsureSuccess();
            Run.Command("ip", "netns", "exec", Name, "sysctl", "-qw", "net.ipv4.conf.all.rp_filter=0", $"net.ipv4.conf.{Interface}.rp_filter=0").EnsureSuccess();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The namespace's name.</summary>
    public string Name { get; }

    /// <summary>The veth end in the receiver's namespace.</summary>
    public string HostInterface { get; }

    /// <summary>The veth end in this namespace.</summary>
    public string Interface { get; }

    public void Dispose() => Run.Command("ip", "netns", "del", Name);

    private static void Ip(params string[] arguments) => Run.Command("ip", arguments).EnsureSuccess();
}
