using System.Buffers.Binary;
using TraitsBpf.Compiler;
using TraitsBpf.Loader;
using Xunit.Abstractions;
using TraitsBpf.Abi;

namespace TraitsBpf.Traits.Tests.Contexts;

/// <summary>
/// The meta backend's seal (docs/traits-abi.md, "The meta seal"): a metadata area that does not
/// hold a store sealed for its packet reads as no traits, in managed code
/// (<see cref="MetaTraitSeal.IsValid"/>) and in the kernel (<see cref="TraitPrograms.ReadAll"/>
/// compiled with the meta backend and run by BPF_PROG_TEST_RUN over the area in ctx_in), and a
/// sealed store reads back exactly.
/// </summary>
public sealed unsafe class MetaSealTests(ITestOutputHelper output) : IDisposable
{
    /// <summary>The largest metadata area the kernel allows (skb_shared_info.meta_len is a u8, and the area is a multiple of 4).</summary>
    private const int MaxArea = 252;

    /// <summary>The largest area BPF_PROG_TEST_RUN gives an XDP program: its 256-byte headroom less the 40-byte xdp_frame.</summary>
    private const int MaxTestRunArea = 216;

    /// <summary>Bytes of struct xdp_md in ctx_in: data, data_end, data_meta, ingress_ifindex, rx_queue_index, egress_ifindex.</summary>
    private const int XdpMdSize = 24;

    private readonly BpfObject bpf = LoadReadAll();

    public void Dispose() => bpf.Dispose();

    [Fact]
    public void RandomAreasOfEveryLengthHoldNoTraits()
    {
        var random = new Random(1212);
        int runs = 0;
        int kernelRuns = 0;
        for (int room = 0; room <= MaxArea; room += 4)
        {
            for (int fill = 0; fill < 4; fill++)
            {
                var area = new byte[room];
                random.NextBytes(area);
                var packet = RandomPacket(random);
                Assert.False(IsSealed(area, packet), $"random {room}-byte area #{fill} passed the seal");
                if (room <= MaxTestRunArea)
                {
                    Assert.Equal((0, 0UL), ReadAllInKernel(area, packet));
                    kernelRuns++;
                }

                runs++;
            }
        }

        output.WriteLine($"{runs} random areas, 0 to {MaxArea} bytes: no traits in managed code; {kernelRuns} of them, up to {MaxTestRunArea} bytes, none in the kernel");
    }

    [Fact]
    public void ASealedStoreReadsBackExactly()
    {
        var random = new Random(77);
        for (int n = 0; n < 50; n++)
        {
            var packet = RandomPacket(random);
            var traits = Enumerable.Range(0, 64).OrderBy(_ => random.Next()).Take(random.Next(1, 10))
                .ToDictionary(key => key, _ => (ulong)random.NextInt64());
            var area = SealedArea(MetaTraitsBackendRoom(random), traits, packet);

            Assert.True(IsSealed(area, packet));
            ulong values = traits.Values.Aggregate(0UL, (x, v) => x ^ v);
            Assert.Equal((traits.Count, values), ReadAllInKernel(area, packet));
        }
    }

    [Fact]
    public void EverySingleBitFlipOfTheSealOrTheStoreHeaderHoldsNoTraits()
    {
        var random = new Random(5150);
        var packet = RandomPacket(random);
        var area = SealedArea(128, new Dictionary<int, ulong> { [3] = 0x0102030405060708, [40] = 0x1122334455667788 }, packet);
        Assert.Equal((2, 0x0102030405060708UL ^ 0x1122334455667788UL), ReadAllInKernel(area, packet));

        int flips = 0;
        for (int bit = 0; bit < (MetaTraitSeal.Size + TraitStore.HeaderSize) * 8; bit++)
        {
            var flipped = area.ToArray();
            flipped[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.False(IsSealed(flipped, packet), $"bit {bit} flipped passed the seal");
            Assert.Equal((0, 0UL), ReadAllInKernel(flipped, packet));
            flips++;
        }

        output.WriteLine($"{flips} single-bit flips of seal and header: no traits in managed code and in the kernel");
    }

    [Fact]
    public void TheSameStoreForAnotherPacketOrAreaHoldsNoTraits()
    {
        var random = new Random(31);
        var packet = RandomPacket(random);
        var area = SealedArea(128, new Dictionary<int, ulong> { [7] = 42 }, packet);

        // Outer headers pushed (the packet grows), a packet with another id (bytes 16-19), the area moved by 4 bytes either way.
        byte[] encapsulated = [.. new byte[50], .. packet];
        var otherId = packet.ToArray();
        otherId[18] ^= 0x01;
        byte[] grown = [.. new byte[4], .. area];
        var shrunk = area[4..];
        foreach (var (name, a, p) in new[] { ("encapsulated", area, encapsulated), ("other id", area, otherId), ("area grown", grown, packet), ("area shrunk", shrunk, packet) })
        {
            Assert.False(IsSealed(a, p), name);
            Assert.Equal((0, 0UL), ReadAllInKernel(a, p));
        }
    }

    [Fact]
    public void TheXdpWriterKeepsAStoreSealedForItsPacketAndReinitialisesAnyOtherArea()
    {
        var random = new Random(808);
        var packet = RandomPacket(random, 20);
        ulong value = BinaryPrimitives.ReadUInt64LittleEndian(packet);
        var otherPacket = packet.ToArray();
        otherPacket[19] ^= 0x80;
        var junk = new byte[128];
        random.NextBytes(junk);
        var cases = new[]
        {
            ("sealed for this packet", SealedArea(128, new Dictionary<int, ulong> { [3] = 33 }, packet), new Dictionary<int, ulong> { [3] = 33, [TraitPrograms.SetOneKey] = value }),
            ("sealed for another packet", SealedArea(128, new Dictionary<int, ulong> { [3] = 33 }, otherPacket), new Dictionary<int, ulong> { [TraitPrograms.SetOneKey] = value }),
            ("random bytes", junk, new Dictionary<int, ulong> { [TraitPrograms.SetOneKey] = value }),
            ("no metadata", [], new Dictionary<int, ulong> { [TraitPrograms.SetOneKey] = value }),
        };

        foreach (var (name, area, expected) in cases)
        {
            var result = bpf.Program("tr_set_one").TestRun([.. area, .. packet], XdpContextIn(area.Length, area.Length + packet.Length));
            Assert.Equal((uint)XdpAction.Pass, result.ReturnValue);
            int room = result.DataOut.Length - packet.Length;
            var outArea = result.DataOut[..room];
            var outPacket = result.DataOut[room..];
            Assert.Equal(0, BinaryPrimitives.ReadInt32LittleEndian(outPacket.AsSpan(8)));
            Assert.Equal(packet[..8], outPacket[..8]);
            Assert.Equal(packet[12..], outPacket[12..]);
            Assert.True(IsSealed(outArea, packet), name);
            // The seal and the store; what lies beyond the store is whatever the area held.
            int used = MetaTraitSeal.Size + TraitStore.HeaderSize + (sizeof(ulong) * expected.Count);
            Assert.Equal(Convert.ToHexString(SealedArea(room, expected, packet)[..used]), Convert.ToHexString(outArea[..used]));
        }
    }

    private static BpfObject LoadReadAll()
    {
        var compiled = BpfCompiler.Compile(
            typeof(TraitPrograms).Assembly.Location,
            new CompilerOptions { Programs = ["tr_read_all", "tr_set_one"], Traits = TraitsBackend.Meta });
        var bpf = BpfObject.OpenMemory(compiled.Object, "trait_read_all");
        bpf.Load();
        return bpf;
    }

    /// <summary>What tr_read_all reports, run in the kernel over <paramref name="area"/> as the packet's metadata.</summary>
    private (int Found, ulong Values) ReadAllInKernel(byte[] area, byte[] packet)
    {
        var result = bpf.Program("tr_read_all").TestRun([.. area, .. packet], XdpContextIn(area.Length, area.Length + packet.Length));
        Assert.Equal((uint)XdpAction.Pass, result.ReturnValue);
        var data = result.DataOut.AsSpan(area.Length);
        return (BinaryPrimitives.ReadInt32LittleEndian(data), BinaryPrimitives.ReadUInt64LittleEndian(data[4..]));
    }

    /// <summary>xdp_md in: data is the metadata's length, data_end the input's, the rest zero.</summary>
    private static byte[] XdpContextIn(int metadata, int total)
    {
        var contextIn = new byte[XdpMdSize];
        BinaryPrimitives.WriteUInt32LittleEndian(contextIn, (uint)metadata);
        BinaryPrimitives.WriteUInt32LittleEndian(contextIn.AsSpan(4), (uint)total);
        return contextIn;
    }

    private static bool IsSealed(byte[] area, byte[] packet)
    {
        byte[] buffer = [.. area, .. packet];
        fixed (byte* meta = buffer)
        {
            return MetaTraitSeal.IsValid(meta, meta + area.Length, meta + buffer.Length);
        }
    }

    /// <summary>A <paramref name="room"/>-byte area holding <paramref name="traits"/> in a store sealed for <paramref name="packet"/>.</summary>
    private static byte[] SealedArea(int room, Dictionary<int, ulong> traits, byte[] packet)
    {
        byte[] buffer = [.. new byte[room], .. packet];
        fixed (byte* meta = buffer)
        {
            byte* store = meta + MetaTraitSeal.Size;
            foreach (var (key, value) in traits)
            {
                ulong copy = value;
                Assert.Equal(0, TraitStore.Set(store, meta + room, (ulong)key, &copy, sizeof(ulong), 0));
            }

            MetaTraitSeal.Write(meta, meta + room, meta + buffer.Length);
        }

        return buffer[..room];
    }

    /// <summary>An area large enough for nine 8-byte values after the seal and header: 128 (the meta backend's) up to the largest a test run takes.</summary>
    private static int MetaTraitsBackendRoom(Random random) => 128 + 4 * random.Next(0, (MaxTestRunArea - 128) / 4 + 1);

    /// <summary>A frame of random bytes, <paramref name="shortest"/> (by default 14, an Ethernet header, the least a test run takes) to 200 bytes, so some are shorter than the packet word.</summary>
    private static byte[] RandomPacket(Random random, int shortest = 14)
    {
        var packet = new byte[random.Next(shortest, 200)];
        random.NextBytes(packet);
        return packet;
    }
}
