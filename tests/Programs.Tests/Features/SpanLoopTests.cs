using System.Buffers.Binary;
using TraitsBpf.Programs.Tests.Infrastructure;
using TraitsBpf.Programs.Tests.Samples;

namespace TraitsBpf.Programs.Tests.Features;

/// <summary>Compiles and loads the span loop programs once.</summary>
public sealed class SpanLoopFixture : IDisposable
{
    public SpanLoopFixture() => Programs = new CompiledAssembly(
        typeof(SpanLoopPrograms).Assembly.Location, "feat_span_loops_stack", "feat_span_loops_packet", "feat_span_loops_tables");

    public CompiledAssembly Programs { get; }

    public void Dispose() => Programs.Dispose();
}

/// <summary>
/// Loops over spans compiled for the kernel compute what the same C# computes as managed code:
/// the verifier accepts them and the kernel's output bytes and action equal managed execution's
/// on random packets and on packets built to take each side of the programs' tests.
/// </summary>
public sealed class SpanLoopTests(SpanLoopFixture fixture) : IClassFixture<SpanLoopFixture>
{
    public static TheoryData<string> Programs => ["feat_span_loops_stack", "feat_span_loops_packet", "feat_span_loops_tables"];

    [Theory]
    [MemberData(nameof(Programs))]
    public void SpanLoopsAgreeWithManagedExecutionOnRandomPackets(string program)
    {
        var actions = SampleRunner.XdpOnRandomPackets(fixture.Programs, program, Managed(program), program.Length * 257, 200, SpanLoopPrograms.MinimumLength - 8, 256, (random, packet) =>
        {
            if (random.Next(4) == 0 && packet.Length >= SpanLoopPrograms.MinimumLength)
            {
                // Some packets with a known port and zero bytes, so the searches find something.
                BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(20), 443);
                packet[24 + random.Next(64)] = 0;
            }
        });

        Assert.Contains((uint)XdpAction.Pass, actions);
        Assert.True(actions.Count > 2, $"{program} took only the actions {string.Join(", ", actions)}");
    }

    [Fact]
    public void AStackLoopSumsEveryByteAndFindsTheFirstZero()
    {
        var packet = Enumerable.Range(1, SpanLoopPrograms.MinimumLength).Select(i => (byte)i).ToArray();
        packet[24 + 37] = 0;
        var run = SampleRunner.Xdp(fixture.Programs, "feat_span_loops_stack", SpanLoopPrograms.Stack, packet);

        Assert.Equal((uint)Enumerable.Range(17, 8).Sum(), BinaryPrimitives.ReadUInt32BigEndian(run.Output.AsSpan(100)));
        Assert.Equal(37, run.Output[117]);
        // 17..24 xor-ed with their indexes are 17 19 17 23 17 19 17 31: four rises.
        Assert.Equal(4, run.Output[116]);
    }

    [Fact]
    public void ATableSearchFindsThePortsIndex()
    {
        var packet = new byte[SpanLoopPrograms.MinimumLength];
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(20), 8080);
        var run = SampleRunner.Xdp(fixture.Programs, "feat_span_loops_tables", SpanLoopPrograms.Tables, packet);

        Assert.Equal(4, run.Output[104]);
        Assert.Equal((uint)XdpAction.Drop, run.Action);
    }

    private static Func<XdpContext, XdpAction> Managed(string program) => program switch
    {
        "feat_span_loops_stack" => SpanLoopPrograms.Stack,
        "feat_span_loops_packet" => SpanLoopPrograms.Packet,
        _ => SpanLoopPrograms.Tables,
    };
}
