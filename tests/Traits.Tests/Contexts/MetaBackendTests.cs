using TraitsBpf.Compiler;
using TraitsBpf.Loader;
using TraitsBpf.Traits.Tests.Registry;
using Xunit.Abstractions;
using TraitsBpf.Abi;

namespace TraitsBpf.Traits.Tests.Contexts;

/// <summary>
/// <see cref="TraitPrograms.Tag"/> compiled with the meta backend and run in this (stock) kernel
/// agrees with the same C# run as managed code: action, packet, and the trait store (in the
/// metadata area in the kernel, in the headroom managed).
/// </summary>
[Collection(RegistryCollection.Name)]
public sealed class MetaBackendTests(ITestOutputHelper output) : IDisposable
{
    private const int PacketIdKey = 33;
    private const int SampledKey = 40;

    /// <summary>What the meta backend reserves at XDP entry (MetaTraitsBackend.Room).</summary>
    private const int MetaTraitsBackendRoom = 128;

    public void Dispose() => TraitRegistry.Reset();

    [Fact]
    public void TagAgreesWithManagedExecutionOnRandomPackets()
    {
        TraitRegistry.Reset();
        TraitRegistry.Register("packet_id", PacketIdKey);
        TraitRegistry.Register("sampled", SampledKey);
        var compiled = BpfCompiler.Compile(
            typeof(TraitPrograms).Assembly.Location,
            new CompilerOptions { Programs = ["tr_tag"], Traits = TraitsBackend.Meta });
        using var bpf = BpfObject.OpenMemory(compiled.Object, "trait_programs");
        bpf.SetConstant("__trait_packet_id", BitConverter.GetBytes((ulong)PacketIdKey));
        bpf.SetConstant("__trait_sampled", BitConverter.GetBytes((ulong)SampledKey));
        bpf.Load();
        var program = bpf.Program("tr_tag");

        var random = new Random(4242);
        var results = new HashSet<int>();
        var flags = new HashSet<int>();
        for (int n = 0; n < 200; n++)
        {
            var packet = new byte[random.Next(48, 80)];
            random.NextBytes(packet);
            packet[10] = (byte)(n % 4);
            packet[11] = (byte)(n % 4);
            packet[12] = (byte)(n % 3 == 0 ? 1 : 0);

            var kernel = program.TestRun(packet);
            using var ctx = XdpContext.ForPacket(packet);
            var action = TraitPrograms.Tag(ctx);
            Assert.Equal((uint)action, kernel.ReturnValue);

            int meta = kernel.DataOut.Length - packet.Length;
            Assert.Equal(MetaTraitsBackendRoom, meta);
            Assert.Equal(Convert.ToHexString(ctx.Packet), Convert.ToHexString(kernel.DataOut.AsSpan(meta)));
            var store = ctx.TraitStoreBytes;
            Assert.Equal(Convert.ToHexString(store), Convert.ToHexString(kernel.DataOut.AsSpan(MetaTraitSeal.Size, store.Length)));
            results.Add(BitConverter.ToInt32(ctx.Packet, 24));
            flags.Add(BitConverter.ToInt32(ctx.Packet, 44));
        }

        // The packet's flags made the 2-byte set succeed (none, NoExist on an absent key), miss (Exist) and fail (both).
        Assert.Equal([0, -Errno.ENOENT, -Errno.EINVAL], results.Order().Reverse());
        Assert.Equal([0, 1], flags.Order());
        output.WriteLine($"200 packets agree; results of the keyed set: {string.Join(", ", results)}");
    }
}
