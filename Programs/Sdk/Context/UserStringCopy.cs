using System.Numerics;
using System.Runtime.CompilerServices;

namespace TraitsBpf;

/// <summary>
/// strncpy_from_user's copy as x86-64 does it (lib/strncpy_from_user.c with efficient unaligned access): eight bytes at a
/// time while eight remain, writing the word that holds the terminator with every byte from the terminator on zeroed,
/// then byte by byte. What it leaves in the destination is what the kernel leaves there.
/// </summary>
internal static unsafe class UserStringCopy
{
    /// <summary>Copies up to <paramref name="count"/> bytes: the string's length without its terminator, or <paramref name="count"/> when none was found.</summary>
    public static long Copy(byte* destination, byte* source, uint count)
    {
        long copied = 0;
        long left = count;
        while (left >= sizeof(ulong))
        {
            ulong word = Unsafe.ReadUnaligned<ulong>(source + copied);
            int zero = FirstZeroByte(word);
            if (zero < sizeof(ulong))
            {
                ulong kept = zero == 0 ? 0 : ulong.MaxValue >> (64 - 8 * zero);
                Unsafe.WriteUnaligned(destination + copied, word & kept);
                return copied + zero;
            }

            Unsafe.WriteUnaligned(destination + copied, word);
            copied += sizeof(ulong);
            left -= sizeof(ulong);
        }

        for (; left > 0; left--, copied++)
        {
            destination[copied] = source[copied];
            if (source[copied] == 0)
            {
                return copied;
            }
        }

        return copied;
    }

    /// <summary>The index of the first zero byte in memory order (little endian), 8 when there is none.</summary>
    private static int FirstZeroByte(ulong word)
    {
        const ulong Ones = 0x0101010101010101;
        const ulong Highs = 0x8080808080808080;
        ulong zeros = (word - Ones) & ~word & Highs;
        return zeros == 0 ? sizeof(ulong) : BitOperations.TrailingZeroCount(zeros) / 8;
    }
}
