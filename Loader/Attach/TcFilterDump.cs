using System.Buffers.Binary;
using System.Runtime.InteropServices;
using TraitsBpf.Loader.Interop;

namespace TraitsBpf.Loader.Attach;

/// <summary>
/// Asks rtnetlink whether any filter sits on a clsact hook. libbpf can only query a
/// filter by handle and priority, but deciding whether the clsact qdisc may be removed
/// needs to know about every filter, including other tools'.
/// </summary>
internal static unsafe class TcFilterDump
{
    /// <summary><c>TC_H_MAKE(TC_H_CLSACT, TC_H_MIN_INGRESS)</c>.</summary>
    public const uint IngressParent = 0xFFFFFFF2;

    /// <summary><c>TC_H_MAKE(TC_H_CLSACT, TC_H_MIN_EGRESS)</c>.</summary>
    public const uint EgressParent = 0xFFFFFFF3;

    private const ushort RtmNewTFilter = 44;
    private const ushort RtmGetTFilter = 46;
    private const ushort NlmsgError = 2;
    private const ushort NlmsgDone = 3;
    private const ushort NlmFRequest = 0x1;
    private const ushort NlmFDump = 0x300;
    private const int HeaderLength = 16;
    private const int TcMessageLength = 20;

    /// <summary>Counts the filter messages the kernel dumps for the hook (0 when there is no clsact qdisc).</summary>
    public static int Count(int ifindex, uint parent)
    {
        var fd = LibC.socket(LibC.AF_NETLINK, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, LibC.NETLINK_ROUTE);
        if (fd < 0)
            throw Failure(Marshal.GetLastPInvokeError());
        using var socket = new FileDescriptorHandle(fd);

        var request = new byte[HeaderLength + TcMessageLength];
        BinaryPrimitives.WriteUInt32LittleEndian(request, (uint)request.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(request.AsSpan(4), RtmGetTFilter);
        BinaryPrimitives.WriteUInt16LittleEndian(request.AsSpan(6), NlmFRequest | NlmFDump);
        BinaryPrimitives.WriteUInt32LittleEndian(request.AsSpan(8), 1);
        BinaryPrimitives.WriteInt32LittleEndian(request.AsSpan(HeaderLength + 4), ifindex);
        BinaryPrimitives.WriteUInt32LittleEndian(request.AsSpan(HeaderLength + 12), parent);
        fixed (byte* r = request)
        {
            if (LibC.send(socket.Fd, r, (nuint)request.Length, 0) != request.Length)
                throw Failure(Marshal.GetLastPInvokeError());
        }

        var count = 0;
        var buffer = new byte[65536];
        while (true)
        {
            nint received;
            fixed (byte* b = buffer)
                received = LibC.recv(socket.Fd, b, (nuint)buffer.Length, 0);
            if (received < 0)
                throw Failure(Marshal.GetLastPInvokeError());

            var span = buffer.AsSpan(0, (int)received);
            while (span.Length >= HeaderLength)
            {
                var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(span);
                var type = BinaryPrimitives.ReadUInt16LittleEndian(span[4..]);
                if (length < HeaderLength || length > span.Length)
                    return count;
                switch (type)
                {
                    case NlmsgDone:
                        return count;
                    case NlmsgError:
                        // A hook without a clsact qdisc answers with an error: it holds no filters.
                        var error = length >= HeaderLength + 4 ? BinaryPrimitives.ReadInt32LittleEndian(span[HeaderLength..]) : 0;
                        return error == 0 ? count : 0;
                    case RtmNewTFilter:
                        count++;
                        break;
                }
                span = span[Math.Min(span.Length, (length + 3) & ~3)..];
            }
        }
    }

    private static LoaderException Failure(int errno) =>
        new(LoaderErrorKind.Failed, $"listing TC filters over rtnetlink failed: {Errno.Describe(errno)}") { Errno = errno };
}
