using TraitsBpf.Programs.Tests.Infrastructure;
using TraitsBpf.Programs.Tests.Samples;

namespace TraitsBpf.Programs.Tests.Kfuncs;

/// <summary>
/// bpf_dynptr_from_mem and bpf_dynptr_data over a map value: the 6.18 verifier accepts them, and managed
/// execution gives the same results, words and sizes as BPF_PROG_TEST_RUN on random packets (inside, past the end,
/// empty), and a null pointer from a packet dynptr.
/// </summary>
public sealed class MemoryDynptrTests
{
    [Fact]
    public void Memory_dynptrs_agree_with_the_kernel()
    {
        using var programs = new CompiledAssembly(typeof(MemoryDynptrPrograms).Assembly.Location, "h_dynptr_mem");
        var nulls = 0;
        var random = new Random(197);
        for (int n = 0; n < 300; n++)
        {
            var packet = new byte[random.Next(64, 96)];
            random.NextBytes(packet);
            var run = SampleRunner.Xdp(programs, "h_dynptr_mem", MemoryDynptrPrograms.Run, packet);
            nulls += BitConverter.ToInt32(run.Output, 32 + 4) == -1 ? 1 : 0;
            Assert.Equal(1, BitConverter.ToInt32(run.Output, 32 + 12));
        }

        Assert.InRange(nulls, 30, 270); // both inside and past the end were tried
    }
}
