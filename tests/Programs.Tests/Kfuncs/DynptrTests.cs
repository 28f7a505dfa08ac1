using TraitsBpf.Programs.Tests.Infrastructure;
using TraitsBpf.Programs.Tests.Samples;

namespace TraitsBpf.Programs.Tests.Kfuncs;

/// <summary>Compiles and loads the dynptr programs once.</summary>
public sealed class DynptrFixture : IDisposable
{
    public DynptrFixture() => Programs = new CompiledAssembly(typeof(DynptrPrograms).Assembly.Location, "dp_xdp", "dp_tc");

    public CompiledAssembly Programs { get; }

    public void Dispose() => Programs.Dispose();
}

/// <summary>
/// <see cref="Dynptr"/> over the XDP packet and the sk_buff: bpf_dynptr_read/write and the slice and size
/// kfuncs check offsets when the program runs exactly as managed execution does, on random packets whose
/// slice offset lands inside, across the end, and past it.
/// </summary>
public sealed class DynptrTests(DynptrFixture fixture) : IClassFixture<DynptrFixture>
{
    [Fact]
    public void Xdp_dynptr_agrees_with_managed_code()
    {
        var actions = SampleRunner.XdpOnRandomPackets(fixture.Programs, "dp_xdp", DynptrPrograms.Xdp, seed: 64, count: 300, minLength: 15, maxLength: 120);
        Assert.Contains((uint)XdpAction.Pass, actions);
        Assert.Contains((uint)XdpAction.Drop, actions);
    }

    [Fact]
    public void Skb_dynptr_agrees_with_managed_code()
    {
        var random = new Random(65);
        var actions = new HashSet<uint>();
        for (int n = 0; n < 300; n++)
        {
            var packet = new byte[random.Next(15, 120)];
            random.NextBytes(packet);
            actions.Add(SampleRunner.Tc(fixture.Programs, "dp_tc", DynptrPrograms.Tc, packet).Action);
        }

        // The TC program returns Edit's XDP codes as its verdict.
        Assert.Contains((uint)XdpAction.Pass, actions);
        Assert.Contains((uint)XdpAction.Drop, actions);
    }
}
