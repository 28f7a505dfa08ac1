using System.Buffers.Binary;
using System.Numerics;

namespace TraitsBpf;

/// <summary>
/// SipHash-2-4 with a 128-bit key, the keyed hash the kernel's SYN cookies are made of (lib/siphash.c): two
/// compression rounds per 8-byte word of the message, four finalization rounds, a 64-bit result.
/// </summary>
internal static class SipHash
{
    /// <summary>The hash of <paramref name="message"/> under the key whose two words are <paramref name="key0"/> and <paramref name="key1"/>.</summary>
    public static ulong Hash(ReadOnlySpan<byte> message, ulong key0, ulong key1)
    {
        var state = new State(key0, key1);
        int whole = message.Length & ~7;
        for (int offset = 0; offset < whole; offset += 8)
        {
            state.Absorb(BinaryPrimitives.ReadUInt64LittleEndian(message[offset..]), rounds: 2);
        }

        // The last word carries the remaining bytes and, in its top byte, the message length.
        ulong last = (ulong)message.Length << 56;
        for (int i = 0; i < message.Length - whole; i++)
        {
            last |= (ulong)message[whole + i] << (8 * i);
        }

        state.Absorb(last, rounds: 2);
        return state.Finish();
    }

    private struct State(ulong key0, ulong key1)
    {
        private ulong v0 = key0 ^ 0x736f6d6570736575;
        private ulong v1 = key1 ^ 0x646f72616e646f6d;
        private ulong v2 = key0 ^ 0x6c7967656e657261;
        private ulong v3 = key1 ^ 0x7465646279746573;

        public void Absorb(ulong word, int rounds)
        {
            v3 ^= word;
            Rounds(rounds);
            v0 ^= word;
        }

        public ulong Finish()
        {
            v2 ^= 0xff;
            Rounds(4);
            return v0 ^ v1 ^ v2 ^ v3;
        }

        private void Rounds(int count)
        {
            for (int r = 0; r < count; r++)
            {
                v0 += v1;
                v1 = BitOperations.RotateLeft(v1, 13) ^ v0;
                v0 = BitOperations.RotateLeft(v0, 32);
                v2 += v3;
                v3 = BitOperations.RotateLeft(v3, 16) ^ v2;
                v0 += v3;
                v3 = BitOperations.RotateLeft(v3, 21) ^ v0;
                v2 += v1;
                v1 = BitOperations.RotateLeft(v1, 17) ^ v2;
                v2 = BitOperations.RotateLeft(v2, 32);
            }
        }
    }
}
