using System.Runtime.InteropServices;
using TraitsBpf.Loader;

namespace TraitsBpf.Programs.Tests.Infrastructure;

/// <summary>Compares a kernel hash map with a managed one, element by element, as bytes.</summary>
public static class MapContents
{
    public static void AssertSame<TKey, TValue>(BpfMap kernel, IEnumerable<KeyValuePair<TKey, TValue>> managed)
        where TKey : unmanaged
        where TValue : unmanaged
    {
        var expected = managed.ToDictionary(e => Convert.ToHexString(Bytes(e.Key)), e => Convert.ToHexString(Bytes(e.Value)));
        var actual = new Dictionary<string, string>();
        var value = new byte[kernel.ValueBufferSize];
        foreach (var key in kernel.Keys())
        {
            Assert.True(kernel.Lookup(key, value));
            actual[Convert.ToHexString(key)] = Convert.ToHexString(value.AsSpan(0, kernel.ValueSize));
        }

        Assert.Equal(expected.Count, actual.Count);
        foreach (var (key, bytes) in expected)
        {
            Assert.True(actual.TryGetValue(key, out var kernelBytes), $"the kernel map lacks key {key}");
            Assert.Equal(bytes, kernelBytes);
        }
    }

    private static byte[] Bytes<T>(T value)
        where T : unmanaged => MemoryMarshal.AsBytes(new ReadOnlySpan<T>(in value)).ToArray();
}
