using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using TraitsBpf.Loader.Interop;

namespace TraitsBpf.Loader.Kernel;

/// <summary>
/// Queries of the kernel's <c>netdev</c> generic netlink family (Linux 6.3+), which reports what a
/// device's driver offers XDP; the same answers <c>ynl --family netdev --do dev-get</c> prints.
/// </summary>
public static unsafe class NetdevFamily
{
    private const int NetlinkHeaderLength = 16;
    private const int GenericHeaderLength = 4;
    private const ushort NlmsgError = 2;
    private const ushort NlmFRequest = 0x1;

    // The generic netlink controller (include/uapi/linux/genetlink.h).
    private const ushort ControllerId = 0x10;
    private const byte ControllerGetFamily = 3;
    private const ushort ControllerFamilyId = 1;
    private const ushort ControllerFamilyName = 2;

    // include/uapi/linux/netdev.h.
    private const string FamilyName = "netdev";
    private const byte DeviceGet = 1;
    private const ushort DeviceIfindex = 1;
    private const ushort DeviceXdpRxMetadataFeatures = 5;

    /// <summary>
    /// The receive metadata the driver of interface <paramref name="ifindex"/> gives XDP, or null when
    /// the kernel cannot say (no netdev family: older than 6.3).
    /// </summary>
    /// <exception cref="LoaderException">The kernel refused the query (a vanished interface: ENODEV).</exception>
    public static XdpRxMetadataFeatures? RxMetadataFeatures(int ifindex)
    {
        var fd = LibC.socket(LibC.AF_NETLINK, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, LibC.NETLINK_GENERIC);
        if (fd < 0)
            throw Failure(Marshal.GetLastPInvokeError(), "opening a generic netlink socket");
        using var socket = new FileDescriptorHandle(fd);
        var name = new List<byte>();
        NetlinkAttributes.Append(name, ControllerFamilyName, Encoding.ASCII.GetBytes(FamilyName + "\0"));
        var family = Request(socket, ControllerId, ControllerGetFamily, name, out var familyError);
        if (familyError == Errno.ENOENT)
            return null;
        if (familyError != 0)
            throw Failure(familyError, "finding the netdev netlink family");
        var id = NetlinkAttributes.Find(family, ControllerFamilyId);
        if (id.Length < 2)
            return null;

        var device = new List<byte>();
        NetlinkAttributes.Append(device, DeviceIfindex, BitConverter.GetBytes((uint)ifindex));
        var answer = Request(socket, BinaryPrimitives.ReadUInt16LittleEndian(id), DeviceGet, device, out var deviceError);
        if (deviceError != 0)
            throw Failure(deviceError, $"asking the netdev family about interface index {ifindex}");
        var features = NetlinkAttributes.Find(answer, DeviceXdpRxMetadataFeatures);
        return features.Length >= 8 ? (XdpRxMetadataFeatures)BinaryPrimitives.ReadUInt64LittleEndian(features)
            : features.Length >= 4 ? (XdpRxMetadataFeatures)BinaryPrimitives.ReadUInt32LittleEndian(features)
            : XdpRxMetadataFeatures.None;
    }

    /// <summary>Sends one request and returns the attributes of its answer, or the errno the kernel answered with.</summary>
    private static byte[] Request(FileDescriptorHandle socket, ushort type, byte command, List<byte> attributes, out int errno)
    {
        var message = new byte[NetlinkHeaderLength + GenericHeaderLength + attributes.Count];
        BinaryPrimitives.WriteUInt32LittleEndian(message, (uint)message.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(4), type);
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(6), NlmFRequest);
        BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(8), 1);
        message[NetlinkHeaderLength] = command;
        message[NetlinkHeaderLength + 1] = 1;
        attributes.CopyTo(message, NetlinkHeaderLength + GenericHeaderLength);
        fixed (byte* m = message)
        {
            if (LibC.send(socket.Fd, m, (nuint)message.Length, 0) != message.Length)
                throw Failure(Marshal.GetLastPInvokeError(), "sending a generic netlink request");
        }

        var buffer = new byte[8192];
        nint received;
        fixed (byte* b = buffer)
            received = LibC.recv(socket.Fd, b, (nuint)buffer.Length, 0);
        if (received < 0)
            throw Failure(Marshal.GetLastPInvokeError(), "reading a generic netlink answer");
        var span = buffer.AsSpan(0, (int)received);
        var length = span.Length >= NetlinkHeaderLength ? (int)BinaryPrimitives.ReadUInt32LittleEndian(span) : 0;
        if (length < NetlinkHeaderLength || length > span.Length)
            throw new LoaderException(LoaderErrorKind.Failed, "the kernel's generic netlink answer is malformed");
        if (BinaryPrimitives.ReadUInt16LittleEndian(span[4..]) == NlmsgError)
        {
            errno = length >= NetlinkHeaderLength + 4 ? -BinaryPrimitives.ReadInt32LittleEndian(span[NetlinkHeaderLength..]) : Errno.EINVAL;
            return [];
        }
        errno = 0;
        return span[(NetlinkHeaderLength + GenericHeaderLength)..length].ToArray();
    }

    private static LoaderException Failure(int errno, string what) =>
        new(LoaderErrorKind.Failed, $"{what} failed: {Errno.Describe(errno)}") { Errno = errno };
}
