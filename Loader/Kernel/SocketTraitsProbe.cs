using System.Net.Sockets;

namespace TraitsBpf.Loader.Kernel;

/// <summary>
/// Whether the running kernel passes packet traits to sockets (<c>SOL_BPF</c>/<c>SO_BPF_TRAITS</c>,
/// from the TraitsBpf series): asked of the kernel itself, by setting the option, since only the
/// kernel knows whether it accepts it. The one place the option is set, for the probe and for
/// TraitsBpf.Net's TraitSocket alike.
/// </summary>
public static class SocketTraitsProbe
{
    /// <summary>True when a UDP socket of <paramref name="family"/> accepts <c>SO_BPF_TRAITS</c>.</summary>
    public static bool IsSupported(AddressFamily family = AddressFamily.InterNetwork)
    {
        try
        {
            using var socket = new Socket(family, SocketType.Dgram, ProtocolType.Udp);
            return TryEnable(socket, out _);
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>
    /// Turns <c>SO_BPF_TRAITS</c> on for <paramref name="socket"/>; false, with the kernel's refusal in
    /// <paramref name="refusal"/>, when the kernel does not know the option (ENOPROTOOPT and its kin).
    /// </summary>
    /// <exception cref="SocketException">Any other failure of setsockopt.</exception>
    public static bool TryEnable(Socket socket, out SocketException? refusal)
    {
        refusal = null;
        try
        {
            socket.SetRawSocketOption(Abi.TraitSocketOption.Level, Abi.TraitSocketOption.Name, BitConverter.GetBytes(1));
            return true;
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.ProtocolOption or SocketError.ProtocolNotSupported or SocketError.OperationNotSupported)
        {
            refusal = e;
            return false;
        }
    }
}
