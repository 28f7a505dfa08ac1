using System.Runtime.InteropServices;

namespace TraitsBpf.Programs.Tests.Helpers;

/// <summary>What <see cref="RingBufferDynptrPrograms.Record"/> writes over the packet from byte 16.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct RingBufferAnswers
{
    /// <summary>ReserveDynptr's result.</summary>
    public int Reserved;

    /// <summary>The last Dynptr.Write's result (0 when the record is empty).</summary>
    public int Written;

    /// <summary>Output's result, or 1 when the packet asked for no output record.</summary>
    public int Output;

    /// <summary>The record's size as the dynptr gives it (-EINVAL as a uint when the reservation failed).</summary>
    public uint Size;

    /// <summary>Query(AvailableData) after the record.</summary>
    public ulong Available;

    /// <summary>Query(RingSize).</summary>
    public ulong RingSize;

    /// <summary>Query(ConsumerPosition).</summary>
    public ulong Consumer;

    /// <summary>Query(ProducerPosition).</summary>
    public ulong Producer;

    /// <summary>Query of a question the kernel does not know (7): 0.</summary>
    public ulong Unknown;
}

/// <summary>
/// Ring-buffer records of a size the packet gives, reserved as dynptrs (bpf_ringbuf_reserve_dynptr), filled from the
/// packet, then submitted or discarded as the packet says; and the buffer's positions (bpf_ringbuf_query) after each.
/// </summary>
public static unsafe class RingBufferDynptrPrograms
{
    /// <summary>The records, 4096 bytes: about fifteen of the larger records fill it.</summary>
    public static readonly RingBuffer Records = new(4096);

    /// <summary>
    /// Reserves a record of <c>data[0] * 2</c> bytes (0 to 510), fills it with the packet's first 64 bytes over and over,
    /// flips its first word through <see cref="Dynptr.Data"/> when it has one, and submits it when <c>data[1]</c> is odd,
    /// else discards it; when bit 1 of <c>data[1]</c> is set, also outputs the packet's first 12 bytes as a record.
    /// Writes <see cref="RingBufferAnswers"/> over the packet from byte 16.
    /// </summary>
    [Xdp("h_ringbuf_dynptr")]
    public static XdpAction Record(XdpContext ctx)
    {
        byte* data = ctx.Data;
        if (data + 96 > ctx.DataEnd)
        {
            return XdpAction.Aborted;
        }

        var head = *(Block64*)data;
        uint size = data[0] * 2u;
        byte choice = data[1];
        var answers = default(RingBufferAnswers);
        answers.Reserved = Records.ReserveDynptr(size, out var record);
        answers.Size = record.Size;
        // Every byte of the record is written: the kernel does not clear a reservation, which holds what the buffer held before.
        for (uint chunk = 0; chunk < 8; chunk++)
        {
            uint at = chunk * 64;
            if (at < size)
            {
                answers.Written = record.Write(at, &head, size - at < 64 ? size - at : 64);
            }
        }

        uint* first = (uint*)record.Data(0, 4);
        if (first != null)
        {
            *first = ~*first;
        }

        if ((choice & 1) != 0)
        {
            RingBuffer.SubmitDynptr(ref record);
        }
        else
        {
            RingBuffer.DiscardDynptr(ref record);
        }

        answers.Output = (choice & 2) != 0 ? Records.Output(*(Block12*)&head) : 1;
        answers.Available = Records.Query(RingBufferQuery.AvailableData);
        answers.RingSize = Records.Query(RingBufferQuery.RingSize);
        answers.Consumer = Records.Query(RingBufferQuery.ConsumerPosition);
        answers.Producer = Records.Query(RingBufferQuery.ProducerPosition);
        answers.Unknown = Records.Query((RingBufferQuery)7);
        *(RingBufferAnswers*)(data + 16) = answers;
        return XdpAction.Pass;
    }

    /// <summary>64 bytes.</summary>
    public struct Block64
    {
        /// <summary>The bytes.</summary>
        public fixed byte Bytes[64];
    }

    /// <summary>12 bytes.</summary>
    public struct Block12
    {
        /// <summary>The bytes.</summary>
        public fixed byte Bytes[12];
    }
}
