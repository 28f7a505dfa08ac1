using System.Runtime.InteropServices;
using TraitsBpf.Abi;

namespace TraitsBpf.Sockets;

/// <summary>
/// The control messages of one receive, as the kernel wrote them (each a 16-byte <c>struct cmsghdr</c> and its payload,
/// padded to 8 bytes): the trait store and the other <c>SOL_BPF</c> messages the host's policy put.
/// </summary>
internal static class ReceivedControlMessages
{
    private const int HeaderSize = 16;

    /// <summary>
    /// The payload of the trait message among <paramref name="control"/>'s (empty when there is none), and the other
    /// SOL_BPF messages in <paramref name="policy"/>, in order: null when there are none, so a receive without them
    /// allocates nothing.
    /// </summary>
    /// <exception cref="InvalidOperationException">The kernel cut the messages short (<paramref name="truncated"/>) before a trait message.</exception>
    public static ReadOnlySpan<byte> Parse(ReadOnlySpan<byte> control, bool truncated, out List<PolicyMessage>? policy, int controlSize)
    {
        var store = ReadOnlySpan<byte>.Empty;
        policy = null;
        bool found = false;
        int offset = 0;
        while (offset + HeaderSize <= control.Length)
        {
            long length = MemoryMarshal.Read<long>(control[offset..]);
            int level = MemoryMarshal.Read<int>(control[(offset + 8)..]);
            int type = MemoryMarshal.Read<int>(control[(offset + 12)..]);
            if (length < HeaderSize || offset + length > control.Length)
                break;
            var payload = control.Slice(offset + HeaderSize, (int)length - HeaderSize);
            if (level == TraitSocketOption.Level && type == TraitSocketOption.Name && !found)
            {
                store = payload;
                found = true;
            }
            else if (level == TraitSocketOption.Level)
            {
                (policy ??= []).Add(new PolicyMessage(type, payload.ToArray()));
            }

            offset += (int)((length + 7) & ~7L);
        }

        if (truncated && !found)
            throw new InvalidOperationException($"The socket's control messages did not fit in {controlSize} bytes, so the packet's traits may be lost; turn off the other control messages this socket asks for.");
        return store;
    }
}
