using System.Runtime.InteropServices;
using TraitsBpf.Loader;
using TraitsBpf.Programs.Tests.Infrastructure;
using TraitsBpf.Programs.Tests.Samples;

namespace TraitsBpf.Programs.Tests.Helpers;

/// <summary>
/// bpf_user_ringbuf_drain: the 6.18 verifier accepts a program that drains a <see cref="UserRingBuffer"/> with a callback;
/// a C# producer writes records through the loader (<see cref="UserRingBufferWriter"/>, libbpf's user_ring_buffer), some
/// discarded and some stopping a drain, until the ring is full; BPF_PROG_TEST_RUN drains them, and the drains' results
/// and the totals in the map equal those of managed execution given the same records.
/// </summary>
public sealed class UserRingBufferTests
{
    [Fact]
    public void Drained_records_agree_with_the_kernel()
    {
        using var programs = new CompiledAssembly(typeof(UserRingBufferPrograms).Assembly.Location, "h_user_ringbuf");
        using var writer = new UserRingBufferWriter(programs.Map("Requests"));
        var random = new Random(6200);
        int written = 0, full = 0, runs = 0;
        var drainResults = new List<int>();
        for (int round = 0; round < 40; round++)
        {
            // Write until the ring is full, or a random number of records.
            int count = random.Next(1, 400);
            for (int n = 0; n < count; n++)
            {
                var record = new byte[random.Next(0, 48)];
                random.NextBytes(record);
                if (record.Length >= 4 && random.Next(60) == 0)
                {
                    BitConverter.TryWriteBytes(record, UserRingBufferPrograms.Stop);
                }

                if (random.Next(12) == 0)
                {
                    var reserved = writer.Reserve(record.Length);
                    Assert.Equal(reserved is not null, UserRingBufferPrograms.Requests.WriteDiscarded((uint)record.Length));
                    reserved?.Discard();
                    continue;
                }

                bool fits = writer.TryWrite(record);
                Assert.Equal(fits, UserRingBufferPrograms.Requests.Write(record));
                if (!fits)
                {
                    full++;
                    break;
                }

                written++;
            }

            // Drain a few times; a packet with bit 2 of its first byte passes flags the kernel refuses.
            for (int d = random.Next(1, 6); d > 0; d--)
            {
                var packet = new byte[16];
                random.NextBytes(packet);
                var run = SampleRunner.Xdp(programs, "h_user_ringbuf", UserRingBufferPrograms.Drain, packet);
                drainResults.Add(BitConverter.ToInt32(run.Output, 4));
                runs++;
            }
        }

        var kernel = Totals(programs);
        var managed = UserRingBufferPrograms.Totals[0];
        Assert.Equal(Bytes(managed), Bytes(kernel));
        Assert.Equal((ulong)runs, kernel.Drains);
        Assert.InRange(full, 10, 40);                                   // the ring filled up
        Assert.Contains(-Errno.EINVAL, drainResults);                  // refused flags
        Assert.True(kernel.Records > 2000 && kernel.Records <= (ulong)written, $"{kernel.Records} of {written} records drained");
        Assert.True(kernel.ShortRecords > 0 && kernel.LastBytes > 0);
        Assert.True(drainResults.Max() > 80, "a drain took many records at once");
    }

    private static DrainTotals Totals(CompiledAssembly programs)
    {
        var value = new byte[Marshal.SizeOf<DrainTotals>()];
        Assert.True(programs.Map("Totals").Lookup(BitConverter.GetBytes(0u), value));
        return MemoryMarshal.Read<DrainTotals>(value);
    }

    private static string Bytes(DrainTotals totals) => Convert.ToHexString(MemoryMarshal.AsBytes(new ReadOnlySpan<DrainTotals>(in totals)));
}
