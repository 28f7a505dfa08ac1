using System.Buffers.Binary;
using Xunit.Abstractions;

namespace TraitsBpf.Programs.Tests.Semantics;

/// <summary>
/// The same C# integer functions run natively and compiled in the kernel must agree on every
/// input: overflow wrap, division and remainder signs, shifts with any count, conversions,
/// comparisons. Inputs are edge values plus a fixed pseudo-random sample. Where C# throws
/// (division by zero, int.MinValue / -1) there is nothing to agree with; those inputs are left
/// out here and the kernel's result is pinned by <see cref="DivisionEdgeCases"/>.
/// </summary>
public sealed class IntegerSemanticsTests(SemanticsFixture fixture, ITestOutputHelper output) : IClassFixture<SemanticsFixture>
{
    private const int RandomInputsPerOperation = 120;

    [Fact]
    public void Int32AgreesWithTheKernel() =>
        Check("sem_int", Int32Operations.Count, Edges([0, 1, -1, 2, 7, 31, 32, 33, 255, -128, int.MaxValue, int.MinValue, 0x55, 0x7FFF]),
            r => r.Next(), BitConverter.GetBytes, (op, a, b) => Int32Operations.Eval(op, a, b), b => b == 0, (a, b) => a == int.MinValue && b == -1);

    [Fact]
    public void UInt32AgreesWithTheKernel() =>
        Check("sem_uint", UInt32Operations.Count, Edges([0u, 1u, 2u, 7u, 31u, 32u, 33u, 255u, uint.MaxValue, 0x80000000u, 0x7FFFFFFFu]),
            r => (uint)r.NextInt64(), BitConverter.GetBytes, (op, a, b) => UInt32Operations.Eval(op, a, b), b => b == 0, (_, _) => false);

    [Fact]
    public void Int64AgreesWithTheKernel() =>
        Check("sem_long", Int64Operations.Count, Edges([0L, 1L, -1L, 7L, 63L, 64L, 65L, int.MaxValue, int.MinValue, long.MaxValue, long.MinValue, 0x1_0000_0000L]),
            r => r.NextInt64(long.MinValue, long.MaxValue), BitConverter.GetBytes, (op, a, b) => Int64Operations.Eval(op, a, b), b => b == 0, (a, b) => a == long.MinValue && b == -1);

    [Fact]
    public void UInt64AgreesWithTheKernel() =>
        Check("sem_ulong", UInt64Operations.Count, Edges([0UL, 1UL, 7UL, 63UL, 64UL, ulong.MaxValue, 0x8000_0000_0000_0000UL, uint.MaxValue, 0x1_0000_0000UL]),
            r => (ulong)r.NextInt64(long.MinValue, long.MaxValue), BitConverter.GetBytes, (op, a, b) => UInt64Operations.Eval(op, a, b), b => b == 0, (_, _) => false);

    [Fact]
    public void Int16AgreesWithTheKernel() =>
        Check("sem_short", Int16Operations.Count, Edges(new short[] { 0, 1, -1, 15, 16, 17, short.MaxValue, short.MinValue, 0xFF }),
            r => (short)r.Next(), BitConverter.GetBytes, (op, a, b) => Int16Operations.Eval(op, a, b), b => b == 0, (_, _) => false);

    [Fact]
    public void UInt16AgreesWithTheKernel() =>
        Check("sem_ushort", UInt16Operations.Count, Edges(new ushort[] { 0, 1, 15, 16, 17, ushort.MaxValue, 0x8000, 0xFF }),
            r => (ushort)r.Next(), BitConverter.GetBytes, (op, a, b) => UInt16Operations.Eval(op, a, b), b => b == 0, (_, _) => false);

    [Fact]
    public void SByteAgreesWithTheKernel() =>
        Check("sem_sbyte", SByteOperations.Count, Edges(new sbyte[] { 0, 1, -1, 7, 8, 9, sbyte.MaxValue, sbyte.MinValue }),
            r => (sbyte)r.Next(), v => [(byte)v], (op, a, b) => SByteOperations.Eval(op, a, b), b => b == 0, (_, _) => false);

    [Fact]
    public void ByteAgreesWithTheKernel() =>
        Check("sem_byte", ByteOperations.Count, Edges(new byte[] { 0, 1, 7, 8, 9, 0x7F, 0x80, 0xFF }),
            r => (byte)r.Next(), v => [v], (op, a, b) => ByteOperations.Eval(op, a, b), b => b == 0, (_, _) => false);

    /// <summary>
    /// BPF defines what C# leaves to exceptions: x / 0 = 0, x % 0 = x, MinValue / -1 = MinValue,
    /// MinValue % -1 = 0. docs/compiler.md documents that compiled programs follow the kernel.
    /// </summary>
    [Fact]
    public void DivisionEdgeCases()
    {
        Assert.Equal(0L, Run("sem_int", 3, BitConverter.GetBytes(42), BitConverter.GetBytes(0)));
        Assert.Equal(42L, Run("sem_int", 4, BitConverter.GetBytes(42), BitConverter.GetBytes(0)));
        Assert.Equal((long)int.MinValue, Run("sem_int", 3, BitConverter.GetBytes(int.MinValue), BitConverter.GetBytes(-1)));
        Assert.Equal(0L, Run("sem_int", 4, BitConverter.GetBytes(int.MinValue), BitConverter.GetBytes(-1)));
        Assert.Equal(0L, Run("sem_ulong", 3, BitConverter.GetBytes(42UL), BitConverter.GetBytes(0UL)));
        Assert.Equal(42L, Run("sem_ulong", 4, BitConverter.GetBytes(42UL), BitConverter.GetBytes(0UL)));
        Assert.Equal(long.MinValue, Run("sem_long", 3, BitConverter.GetBytes(long.MinValue), BitConverter.GetBytes(-1L)));
        Assert.Equal(0L, Run("sem_long", 4, BitConverter.GetBytes(long.MinValue), BitConverter.GetBytes(-1L)));
    }

    private static List<T> Edges<T>(T[] values) => [.. values];

    private void Check<T>(
        string program,
        int operations,
        List<T> edges,
        Func<Random, T> random,
        Func<T, byte[]> bytes,
        Func<int, T, T, long> eval,
        Func<T, bool> isZero,
        Func<T, T, bool> overflowsDivision)
    {
        var rng = new Random(20261122);
        var inputs = new List<(T, T)>();
        foreach (var a in edges)
        {
            foreach (var b in edges)
            {
                inputs.Add((a, b));
            }
        }

        for (int i = 0; i < RandomInputsPerOperation; i++)
        {
            inputs.Add((random(rng), random(rng)));
            inputs.Add((random(rng), edges[rng.Next(edges.Count)]));
        }

        var failures = new List<string>();
        int runs = 0;
        for (int op = 0; op < operations; op++)
        {
            foreach (var (a, b) in inputs)
            {
                bool division = op is 3 or 4;
                if (division && (isZero(b) || overflowsDivision(a, b)))
                {
                    continue;
                }

                long expected = eval(op, a, b);
                long actual = Run(program, op, bytes(a), bytes(b));
                runs++;
                if (expected != actual && failures.Count < 20)
                {
                    failures.Add($"op {op}: a={a} b={b}: C# {expected}, kernel {actual}");
                }
            }
        }

        output.WriteLine($"{program}: {runs} inputs over {operations} operations");
        Assert.True(failures.Count == 0, $"{program} disagrees with C#:\n{string.Join("\n", failures)}");
    }

    private long Run(string program, int op, byte[] a, byte[] b)
    {
        var packet = new byte[SemanticsPrograms.PacketSize];
        BinaryPrimitives.WriteInt32LittleEndian(packet, op);
        a.CopyTo(packet, 8);
        b.CopyTo(packet, 16);
        var result = fixture.Programs.Program(program).TestRun(packet);
        Assert.Equal((uint)XdpAction.Pass, result.ReturnValue);
        return BinaryPrimitives.ReadInt64LittleEndian(result.DataOut.AsSpan(24));
    }
}
