using System.Runtime.InteropServices;
using TraitsBpf.CompilerServices;
using TraitsBpf.Object;

namespace TraitsBpf;

/// <summary>
/// <c>struct bpf_dynptr</c>: a 16-byte handle on memory the kernel bounds-checks at run time, made by
/// <see cref="XdpContext.PacketDynptr"/>, <see cref="TcContext.PacketDynptr"/>,
/// <see cref="TcContext.MetadataDynptr"/>, <see cref="FromMemory"/> or <see cref="RingBuffer.ReserveDynptr"/>, or
/// given to a <see cref="UserRingBuffer.Drain{TState}"/> callback. Reads, writes and slices check the offset and length
/// against the memory's size when the program runs, so a program can reach packet bytes at offsets
/// the verifier cannot bound, and past the linear part of an sk_buff. Keep it in a local and use it
/// through its methods; the verifier tracks what it points to and refuses a copy.
/// </summary>
/// <remarks>
/// Run as managed code the handle holds the memory's address and size, and the methods check them as
/// the kernel does.
/// </remarks>
[KernelType("bpf_dynptr")]
[StructLayout(LayoutKind.Sequential, Size = 16)]
public unsafe struct Dynptr
{
    // Managed execution only: the kernel keeps its own layout here.
    private ulong data;
    private ulong size;

    // Managed execution only: marks, above the 32-bit size, a handle whose bytes bpf_dynptr_data reaches (BPF_DYNPTR_TYPE_LOCAL
    // and BPF_DYNPTR_TYPE_RINGBUF: map memory, a ring-buffer record), where a packet's are reached by slices only.
    private const ulong DirectMemory = 1UL << 32;

    /// <summary>
    /// What the bpf_dynptr_from_* kfuncs do, managed: a writable handle on <paramref name="length"/> bytes at
    /// <paramref name="memory"/> and 0, or, for flags the kfuncs do not take, a null handle and -EINVAL.
    /// </summary>
    internal static int Create(byte* memory, int length, ulong flags, out Dynptr ptr)
    {
        ptr = flags == 0 ? new Dynptr { data = (ulong)memory, size = (uint)length } : default;
        return flags == 0 ? 0 : -Errno.EINVAL;
    }

    /// <summary>
    /// Makes <paramref name="ptr"/> a handle on <paramref name="size"/> bytes of a map value at
    /// <paramref name="memory"/> (bpf_dynptr_from_mem; the verifier accepts no other memory, and the compiler refuses a
    /// local or the packet at the call): 0, or -E2BIG over <see cref="MaxSize"/> with a null handle. Its <see cref="Data"/> gives pointers into the memory, which packet dynptrs do not.
    /// </summary>
    [BpfIntrinsic("dynptr.from_mem", Helper = BpfHelper.DynptrFromMem)]
    public static int FromMemory(void* memory, uint size, out Dynptr ptr)
    {
        if (size > MaxSize)
        {
            ptr = default;
            return -Errno.E2BIG;
        }

        ptr = new Dynptr { data = (ulong)memory, size = size | DirectMemory };
        return 0;
    }

    /// <summary>What the kernel makes for a ring-buffer record, managed: a writable handle on the <paramref name="size"/> bytes at <paramref name="memory"/>, which <see cref="Data"/> reaches.</summary>
    internal static Dynptr OverRecord(byte* memory, uint size) => new() { data = (ulong)memory, size = size | DirectMemory };

    /// <summary>The memory the handle is on (managed only); null for a null handle.</summary>
    internal readonly byte* Memory => (byte*)data;

    /// <summary>The most bytes a dynptr covers (DYNPTR_MAX_SIZE, 2^24 - 1).</summary>
    public const uint MaxSize = (1u << 24) - 1;

    /// <summary>
    /// The memory's size in bytes (bpf_dynptr_size); for a null handle (a failed reservation or creation) the kfunc's
    /// -EINVAL as a <c>uint</c>, 0xFFFFFFEA.
    /// </summary>
    public readonly uint Size { [Kfunc("bpf_dynptr_size")] get => data == 0 ? unchecked((uint)-Errno.EINVAL) : (uint)size; }

    /// <summary>
    /// Whether writes are refused (bpf_dynptr_is_rdonly): the packet of a program that may not change it. Managed: false,
    /// since every dynptr the SDK makes (XDP and TC packets, the metadata area) is writable.
    /// </summary>
    public readonly bool IsReadOnly { [Kfunc("bpf_dynptr_is_rdonly")] get => false; }

    /// <summary>
    /// Copies <paramref name="length"/> bytes at <paramref name="offset"/> to <paramref name="destination"/>
    /// (bpf_dynptr_read). Returns 0, -E2BIG when the bytes are not all inside, or -EINVAL for an invalid handle.
    /// </summary>
    [BpfIntrinsic("dynptr.read", Helper = BpfHelper.DynptrRead)]
    public readonly int Read(uint offset, void* destination, uint length)
    {
        if (data == 0)
        {
            return -Errno.EINVAL;
        }

        if (!Inside(offset, length))
        {
            return -Errno.E2BIG;
        }

        Buffer.MemoryCopy((byte*)data + offset, destination, length, length);
        return 0;
    }

    /// <summary>
    /// Copies <paramref name="length"/> bytes from <paramref name="source"/> to <paramref name="offset"/>
    /// (bpf_dynptr_write). Returns 0, -E2BIG when the bytes are not all inside, or -EINVAL for an invalid or
    /// read-only handle. Writing a packet invalidates earlier packet pointers, as bpf_skb_store_bytes does.
    /// </summary>
    [BpfIntrinsic("dynptr.write", Helper = BpfHelper.DynptrWrite)]
    public readonly int Write(uint offset, void* source, uint length)
    {
        if (data == 0)
        {
            return -Errno.EINVAL;
        }

        if (!Inside(offset, length))
        {
            return -Errno.E2BIG;
        }

        Buffer.MemoryCopy(source, (byte*)data + offset, length, length);
        return 0;
    }

    /// <summary>
    /// A pointer to <paramref name="bufferSize"/> bytes at <paramref name="offset"/> (bpf_dynptr_slice): into
    /// the memory itself when they lie there contiguously, else into <paramref name="buffer"/>, filled with a
    /// copy; null when they are not all inside. <paramref name="bufferSize"/> must be a constant.
    /// </summary>
    [Kfunc("bpf_dynptr_slice")]
    public readonly void* Slice(uint offset, void* buffer, uint bufferSize) =>
        data == 0 || !Inside(offset, bufferSize) ? null : (byte*)data + offset;

    /// <summary>
    /// As <see cref="Slice"/>, for writing (bpf_dynptr_slice_rdwr); null also for a read-only handle. Writes
    /// through a pointer into <paramref name="buffer"/> do not reach the memory: write those back with <see cref="Write"/>.
    /// Some kernels refuse it outright ("bpf_dynptr_slice_rdwr() is not allowed": the 6.18 kernel of our CI host does,
    /// for clang's objects too); <see cref="Read"/> and <see cref="Write"/> work everywhere dynptrs do.
    /// </summary>
    [Kfunc("bpf_dynptr_slice_rdwr")]
    public readonly void* SliceWritable(uint offset, void* buffer, uint bufferSize) => Slice(offset, buffer, bufferSize);

    /// <summary>
    /// A pointer to <paramref name="length"/> bytes at <paramref name="offset"/> of the memory of a <see cref="FromMemory"/>
    /// handle or a ring-buffer record's (bpf_dynptr_data), or null when they are not all inside or the handle is null or a packet's (whose bytes
    /// <see cref="Slice"/> reaches). <paramref name="length"/> must be a constant; check the pointer for null.
    /// </summary>
    [BpfHelper(BpfHelper.DynptrData)]
    public readonly byte* Data(uint offset, uint length) =>
        data == 0 || (size & DirectMemory) == 0 || !Inside(offset, length) ? null : (byte*)data + offset;

    private readonly bool Inside(uint offset, uint length) => offset <= (uint)size && length <= (uint)size - offset;
}
