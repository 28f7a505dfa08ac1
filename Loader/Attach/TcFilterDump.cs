using System.Buffers.Binary;
using System.Runtime.InteropServices;
using TraitsBpf.Loader.Interop;

namespace TraitsBpf.Loader.Attach;

/// <summary>
/// Lists the filters on a clsact hook over rtnetlink. libbpf can only query a filter by
/// handle and priority, but deciding whether the clsact qdisc may be removed needs every
/// filter, including other tools', and finding the filter a killed traitsbpf process
/// attached needs them by program id.
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

    // TCA_OPTIONS, and inside it cls_bpf's TCA_BPF_ID (include/uapi/linux/pkt_cls.h).
    private const ushort TcaOptions = 2;
    private const ushort TcaBpfId = 11;

    /// <summary>Counts the filter messages the kernel dumps for the hook (0 when there is no clsact qdisc).</summary>
    public static int Count(int ifindex, uint parent) => List(ifindex, parent).Count;

    /// <summary>
    /// Every filter message the kernel dumps for the hook (none when there is no clsact qdisc): its handle,
    /// its priority and, for a cls_bpf filter, its program's id (0 for other classifiers).
    /// </summary>
    public static IReadOnlyList<(uint Handle, uint Priority, uint ProgramId)> List(int ifindex, uint parent)
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

        var filters = new List<(uint, uint, uint)>();
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
                    return filters;
                switch (type)
                {
                    case NlmsgDone:
                        return filters;
                    case NlmsgError:
                        // A hook without a clsact qdisc answers with an error: it holds no filters.
                        var error = length >= HeaderLength + 4 ? BinaryPrimitives.ReadInt32LittleEndian(span[HeaderLength..]) : 0;
                        return error == 0 ? filters : [];
                    case RtmNewTFilter when length >= HeaderLength + TcMessageLength:
                        filters.Add(Filter(span[HeaderLength..length]));
                        break;
                }
                span = span[Math.Min(span.Length, (length + 3) & ~3)..];
            }
        }
    }

    // tcmsg: family, pad[3], ifindex, handle, parent, info (priority << 16 | protocol); then attributes.
    private static (uint Handle, uint Priority, uint ProgramId) Filter(ReadOnlySpan<byte> message)
    {
        var handle = BinaryPrimitives.ReadUInt32LittleEndian(message[8..]);
        var priority = BinaryPrimitives.ReadUInt32LittleEndian(message[16..]) >> 16;
        var options = NetlinkAttributes.Find(message[TcMessageLength..], TcaOptions);
        var id = NetlinkAttributes.Find(options, TcaBpfId);
        return (handle, priority, id.Length >= 4 ? BinaryPrimitives.ReadUInt32LittleEndian(id) : 0);
    }

    private static LoaderException Failure(int errno) =>
        new(LoaderErrorKind.Failed, $"listing TC filters over rtnetlink failed: {Errno.Describe(errno)}") { Errno = errno };
}
