using System.Net.Sockets;

namespace TraitsBpf.Loader.Kernel;

/// <summary>
/// Whether the running kernel passes packet traits to sockets (<c>SOL_BPF</c>/<c>SO_BPF_TRAITS</c>,
/// from the TraitsBpf series): asked of the kernel itself, by setting the option on a throwaway
/// UDP socket, since only the kernel knows whether it accepts it.
/// </summary>
public static class SocketTraitsProbe
{
    /// <summary>True when a UDP socket accepts <c>SO_BPF_TRAITS</c>.</summary>
    public static bool IsSupported()
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            socket.SetRawSocketOption(Abi.TraitSocketOption.Level, Abi.TraitSocketOption.Name, BitConverter.GetBytes(1));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
