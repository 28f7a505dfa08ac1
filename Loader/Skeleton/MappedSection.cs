using System.Runtime.InteropServices;
using TraitsBpf.Loader.Interop;

namespace TraitsBpf.Loader.Skeleton;

/// <summary>
/// The value of a loaded data section's map (.data, .bss, .rodata), mapped into this process: libbpf creates those
/// maps <c>BPF_F_MMAPABLE</c>, so reads and writes here are the programs' own memory, with no copy of the whole
/// section in between (a read-modify-write through the map would undo the programs' stores to its other variables).
/// </summary>
internal sealed unsafe class MappedSection : IDisposable
{
    private byte* _memory;
    private readonly nuint _length;
    private readonly int _size;
    private readonly bool _writable;
    private readonly string _name;

    private MappedSection(byte* memory, nuint length, int size, bool writable, string name)
    {
        _memory = memory;
        _length = length;
        _size = size;
        _writable = writable;
        _name = name;
    }

    /// <summary>Maps <paramref name="size"/> bytes of the map <paramref name="mapFd"/>, read-only unless <paramref name="writable"/>.</summary>
    public static MappedSection Map(int mapFd, string name, int size, bool writable)
    {
        var page = (nuint)Environment.SystemPageSize;
        var length = ((nuint)size + page - 1) / page * page;
        var prot = LibC.PROT_READ | (writable ? LibC.PROT_WRITE : 0);
        var memory = LibC.mmap(null, length, prot, LibC.MAP_SHARED, mapFd, 0);
        if (memory == (void*)-1)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new LoaderException(LoaderErrorKind.Failed, $"mapping the memory of map '{name}' failed: {Errno.Describe(-errno)}") { Errno = errno };
        }
        return new MappedSection((byte*)memory, length, size, writable, name);
    }

    public void Read(int offset, Span<byte> destination)
    {
        var source = At(offset, destination.Length);
        switch (destination.Length)
        {
            case 8 when offset % 8 == 0:
                MemoryMarshal.Write(destination, Volatile.Read(ref *(ulong*)source));
                break;
            case 4 when offset % 4 == 0:
                MemoryMarshal.Write(destination, Volatile.Read(ref *(uint*)source));
                break;
            case 2 when offset % 2 == 0:
                MemoryMarshal.Write(destination, Volatile.Read(ref *(ushort*)source));
                break;
            default:
                new ReadOnlySpan<byte>(source, destination.Length).CopyTo(destination);
                break;
        }
    }

    public void Write(int offset, ReadOnlySpan<byte> value)
    {
        if (!_writable)
            throw new InvalidOperationException($"map '{_name}' is read-only");
        var target = At(offset, value.Length);
        switch (value.Length)
        {
            case 8 when offset % 8 == 0:
                Volatile.Write(ref *(ulong*)target, MemoryMarshal.Read<ulong>(value));
                break;
            case 4 when offset % 4 == 0:
                Volatile.Write(ref *(uint*)target, MemoryMarshal.Read<uint>(value));
                break;
            case 2 when offset % 2 == 0:
                Volatile.Write(ref *(ushort*)target, MemoryMarshal.Read<ushort>(value));
                break;
            default:
                value.CopyTo(new Span<byte>(target, value.Length));
                break;
        }
    }

    public void Dispose()
    {
        if (_memory is null)
            return;
        LibC.munmap(_memory, _length);
        _memory = null;
    }

    private byte* At(int offset, int length)
    {
        ObjectDisposedException.ThrowIf(_memory is null, this);
        if (offset < 0 || offset + length > _size)
            throw new ArgumentOutOfRangeException(nameof(offset), $"bytes {offset}..{offset + length} are outside map '{_name}' ({_size} bytes)");
        return _memory + offset;
    }
}
