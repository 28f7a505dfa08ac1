using System.Buffers.Binary;

namespace TraitsBpf.Differential.Tests.Maps;

/// <summary>
/// Folds a per-CPU lookup (one value per possible CPU, each padded to 8 bytes) into the one value
/// managed execution keeps, which runs on a single CPU: lane by lane, in the widest integer
/// that divides the value size, wrapping as the counters themselves wrap; and seeds a value the other way.
/// </summary>
public static class PerCpuValues
{
    /// <summary>The sum over CPUs of the <paramref name="valueSize"/>-byte values in <paramref name="buffer"/>.</summary>
    public static byte[] Sum(ReadOnlySpan<byte> buffer, int valueSize)
    {
        int stride = (valueSize + 7) & ~7;
        int lane = valueSize % 8 == 0 ? 8 : valueSize % 4 == 0 ? 4 : valueSize % 2 == 0 ? 2 : 1;
        var sum = new byte[valueSize];
        for (int cpu = 0; cpu + stride <= buffer.Length; cpu += stride)
        {
            for (int at = 0; at < valueSize; at += lane)
            {
                Add(sum.AsSpan(at, lane), buffer.Slice(cpu + at, lane));
            }
        }

        return sum;
    }

    /// <summary>
    /// A per-CPU update's buffer of <paramref name="bufferSize"/> bytes that puts <paramref name="value"/> on the
    /// first CPU and zeros on the others, so that its sum over CPUs is <paramref name="value"/>, as the one CPU
    /// managed execution runs on holds it.
    /// </summary>
    public static byte[] OnFirstCpu(ReadOnlySpan<byte> value, int bufferSize)
    {
        var buffer = new byte[bufferSize];
        value.CopyTo(buffer);
        return buffer;
    }

    private static void Add(Span<byte> total, ReadOnlySpan<byte> value)
    {
        switch (total.Length)
        {
            case 8:
                BinaryPrimitives.WriteUInt64LittleEndian(total, BinaryPrimitives.ReadUInt64LittleEndian(total) + BinaryPrimitives.ReadUInt64LittleEndian(value));
                break;
            case 4:
                BinaryPrimitives.WriteUInt32LittleEndian(total, BinaryPrimitives.ReadUInt32LittleEndian(total) + BinaryPrimitives.ReadUInt32LittleEndian(value));
                break;
            case 2:
                BinaryPrimitives.WriteUInt16LittleEndian(total, (ushort)(BinaryPrimitives.ReadUInt16LittleEndian(total) + BinaryPrimitives.ReadUInt16LittleEndian(value)));
                break;
            default:
                total[0] += value[0];
                break;
        }
    }
}
