namespace TraitsBpf.Traits.Tests.Sockets;

/// <summary>Trait stores written by the SDK's TraitStore, whose results are the kernel's byte for byte (the shared vectors).</summary>
internal static class SdkStores
{
    /// <summary>A store with the given (key, size) values set, each value's bytes key*16+i.</summary>
    public static unsafe byte[] Of(params (int Key, int Size)[] values)
    {
        var buffer = new byte[256];
        byte* value = stackalloc byte[16];
        fixed (byte* store = buffer)
        {
            foreach (var (key, size) in values)
            {
                for (int i = 0; i < 16; i++)
                    value[i] = (byte)(key * 16 + i);
                Assert.Equal(0, TraitStore.Set(store, store + buffer.Length, (ulong)key, value, size, 0));
            }
        }

        int used = 24;
        var planes = new ulong[3];
        Buffer.BlockCopy(buffer, 0, planes, 0, 24);
        for (int key = 0; key < 64; key++)
            used += TraitsBpf.Abi.TraitSizeCodes.SizeOf(TraitsBpf.Abi.TraitSizeCodes.Of(planes[0], planes[1], planes[2], key));
        return buffer[..used];
    }
}
