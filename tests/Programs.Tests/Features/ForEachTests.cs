using TraitsBpf.Programs.Tests.Infrastructure;
using TraitsBpf.Programs.Tests.Samples;

namespace TraitsBpf.Programs.Tests.Features;

/// <summary>
/// <c>ForEach</c> compiles to bpf_for_each_map_elem with the callback a static subprogram taking the map, key,
/// value and state, as C declares one; the kernel and managed execution walk the same elements, change the
/// same values and stop at the same index, packet after packet over maps that grow.
/// </summary>
public sealed class ForEachTests
{
    [Fact]
    public void Walks_of_a_hash_map_and_an_array_agree_with_managed_code()
    {
        ForEachPrograms.Flows.Clear();
        ForEachPrograms.Slots.Clear();
        using var programs = new CompiledAssembly(typeof(ForEachPrograms).Assembly.Location, "fe_sum");
        var random = new Random(164);
        int stoppedEarly = 0;
        for (int n = 0; n < 200; n++)
        {
            var packet = new byte[random.Next(24, 80)];
            random.NextBytes(packet);
            var run = SampleRunner.Tc(programs, "fe_sum", ForEachPrograms.Sum, packet);
            Assert.Equal(ForEachPrograms.Flows.Count, BitConverter.ToInt32(run.Output, 0));
            stoppedEarly += BitConverter.ToInt32(run.Output, 4) < 8 ? 1 : 0;
        }

        Assert.Equal(16, ForEachPrograms.Flows.Count);
        Assert.True(stoppedEarly > 100, $"the array walk stopped early {stoppedEarly} times");
    }
}
