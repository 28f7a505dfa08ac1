using System.Buffers.Binary;
using TraitsBpf.Programs.Tests.Infrastructure;
using TraitsBpf.Programs.Tests.Samples;

namespace TraitsBpf.Programs.Tests.Features;

/// <summary>Compiles and loads the span programs once.</summary>
public sealed class SpanFixture : IDisposable
{
    public SpanFixture() => Programs = new CompiledAssembly(
        typeof(SpanPrograms).Assembly.Location, "feat_span_memory", "feat_span_binary", "feat_span_tables");

    public CompiledAssembly Programs { get; }

    public void Dispose() => Programs.Dispose();
}

/// <summary>
/// Spans compiled for the kernel leave the same bytes in the packet and return the same action
/// as the same C# run as managed code: on random packets, and on packets built to take each
/// side of the programs' tests.
/// </summary>
public sealed class SpanTests(SpanFixture fixture) : IClassFixture<SpanFixture>
{
    public static TheoryData<string> Programs => ["feat_span_memory", "feat_span_binary", "feat_span_tables"];

    [Theory]
    [MemberData(nameof(Programs))]
    public void SpansAgreeWithManagedExecutionOnRandomPackets(string program)
    {
        var random = new Random(program.Length * 131);
        var actions = new HashSet<uint>();
        for (int n = 0; n < 200; n++)
        {
            var packet = new byte[random.Next(SpanPrograms.MinimumLength - 8, 256)];
            random.NextBytes(packet);
            actions.Add(SampleRunner.Xdp(fixture.Programs, program, Managed(program), packet).Action);
        }

        // Short packets pass untouched, the others go through the spans.
        Assert.Contains((uint)XdpAction.Pass, actions);
        Assert.True(actions.Count > 1);
    }

    [Fact]
    public void SequenceEqualSeesBothEqualAndDifferentHalves()
    {
        var packet = new byte[SpanPrograms.MinimumLength];
        byte[] mac = [2, 0, 0, 0, 0, 9];
        mac.CopyTo(packet, 0);
        mac.CopyTo(packet, 6);
        var equal = SampleRunner.Xdp(fixture.Programs, "feat_span_memory", SpanPrograms.Memory, packet);
        packet[11] = 8;
        var different = SampleRunner.Xdp(fixture.Programs, "feat_span_memory", SpanPrograms.Memory, packet);

        Assert.Equal(1, equal.Output[116]);
        Assert.Equal(2, different.Output[116]);
        Assert.Equal(10 + 3, equal.Output[117]);
    }

    [Fact]
    public void BigEndianReadsAndWritesPutEachByteWhereManagedCodeDoes()
    {
        var packet = Enumerable.Range(0x80, SpanPrograms.MinimumLength).Select(i => (byte)i).ToArray();
        var run = SampleRunner.Xdp(fixture.Programs, "feat_span_binary", SpanPrograms.Binary, packet);

        // ReadInt16BigEndian of 0x81 0x82 is negative and sign-extends into the int written at 100.
        Assert.Equal(unchecked((short)0x8182), BinaryPrimitives.ReadInt32LittleEndian(run.Output.AsSpan(100)));
        Assert.Equal(BinaryPrimitives.ReadUInt64LittleEndian(packet.AsSpan(13)), BinaryPrimitives.ReadUInt64BigEndian(run.Output.AsSpan(123)));
    }

    [Theory]
    [InlineData(0, 0, 0)]
    [InlineData(15, 7, 255)]
    [InlineData(6, 3, 200)]
    public void ConstantTablesReadTheEntryTheIndexSelects(byte square, byte port, byte prime)
    {
        var packet = new byte[SpanPrograms.MinimumLength];
        packet[0] = square;
        packet[1] = port;
        packet[2] = prime;
        packet[3] = 200;
        packet[4] = 40;
        var run = SampleRunner.Xdp(fixture.Programs, "feat_span_tables", SpanPrograms.Tables, packet);

        ushort[] ports = [22, 53, 80, 443, 8080, 8443, 3306, 5432];
        uint[] primes = [2, 3, 5, 7, 11, 13, 17, 0xFFFFFFFB];
        Assert.Equal(square * square, run.Output[100]);
        Assert.Equal(ports[port], BinaryPrimitives.ReadUInt16BigEndian(run.Output.AsSpan(101)));
        Assert.Equal(primes[prime >> 5], BinaryPrimitives.ReadUInt32BigEndian(run.Output.AsSpan(103)));
        Assert.Equal(16 + 8 + 8, run.Output[111]);
        Assert.Equal((uint)XdpAction.Tx, run.Action);
    }

    private static Func<XdpContext, XdpAction> Managed(string program) => program switch
    {
        "feat_span_memory" => SpanPrograms.Memory,
        "feat_span_binary" => SpanPrograms.Binary,
        _ => SpanPrograms.Tables,
    };
}
