using TraitsBpf.Loader;
using TraitsBpf.Programs.Tests.Infrastructure;
using TraitsBpf.Programs.Tests.Samples;

namespace TraitsBpf.Programs.Tests.Helpers;

/// <summary>
/// bpf_ringbuf_reserve_dynptr, bpf_ringbuf_submit_dynptr, bpf_ringbuf_discard_dynptr and bpf_ringbuf_query: the 6.18
/// verifier accepts the program, and over random packets, with user space consuming at random points, managed execution
/// gives the same results, record sizes and positions as BPF_PROG_TEST_RUN (the buffer fills, so reservations fail too),
/// and the records the loader reads back from the kernel's buffer equal those managed execution produced.
/// </summary>
public sealed class RingBufferDynptrTests
{
    private const int Packets = 400;
    private const int AnswersOffset = 16;

    [Fact]
    public void Dynptr_records_and_positions_agree_with_the_kernel()
    {
        using var programs = new CompiledAssembly(typeof(RingBufferDynptrPrograms).Assembly.Location, "h_ringbuf_dynptr");
        var map = programs.Map("Records");
        using var reader = new RingBufferReader(map.Fd, map.MaxEntries);
        var random = new Random(3114);
        int failed = 0, discarded = 0, consumed = 0;
        ulong lastProducer = 0;
        for (int n = 0; n < Packets; n++)
        {
            var packet = new byte[random.Next(96, 128)];
            random.NextBytes(packet);
            var run = SampleRunner.Xdp(programs, "h_ringbuf_dynptr", RingBufferDynptrPrograms.Record, packet);
            int reserved = BitConverter.ToInt32(run.Output, AnswersOffset);
            failed += reserved == -Errno.EINVAL ? 1 : 0;
            discarded += reserved == 0 && (packet[1] & 1) == 0 ? 1 : 0;
            Assert.Equal(4096UL, BitConverter.ToUInt64(run.Output, AnswersOffset + 24));
            Assert.Equal(0UL, BitConverter.ToUInt64(run.Output, AnswersOffset + 48));
            lastProducer = BitConverter.ToUInt64(run.Output, AnswersOffset + 40);

            // User space reads now and then, so the buffer both fills up and empties.
            if (random.Next(8) == 0)
            {
                var kernelRecords = reader.Drain();
                var managedRecords = RingBufferDynptrPrograms.Records.TakeRecords();
                Assert.Equal(managedRecords.Select(Convert.ToHexString), kernelRecords.Select(Convert.ToHexString));
                consumed += kernelRecords.Count;
            }
        }

        Assert.Equal(RingBufferDynptrPrograms.Records.TakeRecords().Select(Convert.ToHexString), reader.Drain().Select(Convert.ToHexString));
        Assert.InRange(failed, 20, Packets / 2);
        Assert.InRange(discarded, 20, Packets / 2);
        Assert.InRange(consumed, 100, 2 * Packets);
        Assert.True(lastProducer > 8 * 4096, $"the positions went round the buffer several times ({lastProducer})");
    }
}
