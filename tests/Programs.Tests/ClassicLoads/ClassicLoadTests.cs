using TraitsBpf.Programs.Tests.Infrastructure;

namespace TraitsBpf.Programs.Tests.ClassicLoads;

/// <summary>Compiles and loads the classic-load programs once.</summary>
public sealed class ClassicLoadFixture : IDisposable
{
    public ClassicLoadFixture() => Programs = new CompiledAssembly(
        typeof(ClassicLoadPrograms).Assembly.Location,
        "cl_tc_ethertype", "cl_tc_walk", "cl_tc_indirect", "cl_tc_unused", "cl_tc_areas", "cl_sock", "cl_sock_net", "cl_tc_pressure");

    public CompiledAssembly Programs { get; }

    public void Dispose() => Programs.Dispose();
}

/// <summary>
/// LoadByte, LoadHalf and LoadWord return in managed execution what BPF_LD_ABS and BPF_LD_IND return
/// in the kernel (network order converted), and a load past the packet ends the program with 0 in both.
/// </summary>
public sealed class ClassicLoadTests(ClassicLoadFixture fixture) : IClassFixture<ClassicLoadFixture>
{
    private uint RunTc(string name, Func<TcContext, TcAction> program, byte[] packet)
    {
        uint kernel = fixture.Programs.Program(name).TestRun(packet).ReturnValue;
        using var ctx = TcContext.ForPacket(packet);
        Assert.Equal(kernel, (uint)ManagedExecution.Run(program, ctx));
        return kernel;
    }

    /// <summary>The kernel's test run gives a socket filter the packet after its Ethernet header.</summary>
    private uint RunSocket(string name, Func<SocketContext, uint> program, byte[] frame)
    {
        uint kernel = fixture.Programs.Program(name).TestRun(frame).ReturnValue;
        using var ctx = SocketContext.ForPacket(frame.AsSpan(14));
        Assert.Equal(kernel, ManagedExecution.Run(program, ctx));
        return kernel;
    }

    /// <summary>
    /// Random bytes; with <paramref name="ipv4"/> an IPv4 EtherType and version, with a random header length.
    /// The test run refuses IPv4 and IPv6 frames too short for their header (and anything under 14 bytes),
    /// so shorter frames get the local experimental EtherType 0x88B5.
    /// </summary>
    private static byte[] RandomFrame(Random random, int length, bool ipv4)
    {
        var frame = new byte[length];
        random.NextBytes(frame);
        bool fitsIPv4 = length >= 14 + 20;
        frame[12] = ipv4 && fitsIPv4 ? (byte)0x08 : (byte)0x88;
        frame[13] = ipv4 && fitsIPv4 ? (byte)0x00 : (byte)0xB5;
        if (ipv4 && fitsIPv4)
        {
            frame[14] = (byte)(0x40 | random.Next(5, 16));
        }

        return frame;
    }

    [Fact]
    public void LoadHalfConvertsFromNetworkOrder()
    {
        var frame = RandomFrame(new Random(1), 60, ipv4: true);
        Assert.Equal(0x0800u, RunTc("cl_tc_ethertype", ClassicLoadPrograms.EtherType, frame));
    }

    [Fact]
    public void ConstantAndVariableOffsetsAgreeWithTheKernelOnShortAndLongPackets()
    {
        var random = new Random(13);
        var results = new HashSet<uint>();
        for (int n = 0; n < 300; n++)
        {
            int length = n % 2 == 0 ? random.Next(14, 40) : random.Next(40, 300);
            var frame = RandomFrame(random, length, ipv4: n % 5 != 0);
            results.Add(RunTc("cl_tc_walk", ClassicLoadPrograms.Walk, frame));
            RunTc("cl_tc_indirect", ClassicLoadPrograms.Indirect, frame);
            RunTc("cl_tc_ethertype", ClassicLoadPrograms.EtherType, frame);
            results.Add(RunTc("cl_tc_pressure", ClassicLoadPrograms.Pressure, frame));
        }

        Assert.Contains(0u, results);
        Assert.Contains(1u, results);
        Assert.True(results.Count > 100, "most packets load a different word");
    }

    [Fact]
    public void AnUnusedLoadPastThePacketStillEndsTheProgram()
    {
        var random = new Random(3);
        Assert.Equal(0u, RunTc("cl_tc_unused", ClassicLoadPrograms.Unused, RandomFrame(random, 63, ipv4: true)));
        Assert.Equal(7u, RunTc("cl_tc_unused", ClassicLoadPrograms.Unused, RandomFrame(random, 64, ipv4: true)));
    }

    [Fact]
    public void TheNetworkAndLinkLayerAreasReadTheHeaders()
    {
        var random = new Random(5);
        for (int length = 14; length < 80; length++)
        {
            RunTc("cl_tc_areas", ClassicLoadPrograms.Areas, RandomFrame(random, length, ipv4: true));
        }

        var frame = RandomFrame(random, 60, ipv4: true);
        Assert.Equal(0x4000_0800u, RunTc("cl_tc_areas", ClassicLoadPrograms.Areas, [.. frame[..16], 0x40, 0x00, .. frame[18..]]));
        frame[16] = 0x01;
        frame[17] = 0x23;
        Assert.Equal(0x0123_0800u, RunTc("cl_tc_areas", ClassicLoadPrograms.Areas, frame));
    }

    [Fact]
    public void ASocketFilterAgreesWithTheKernel()
    {
        var random = new Random(21);
        var results = new HashSet<uint>();
        for (int n = 0; n < 300; n++)
        {
            var frame = RandomFrame(random, n % 2 == 0 ? random.Next(14, 40) : random.Next(40, 200), ipv4: true);
            results.Add(RunSocket("cl_sock", ClassicLoadPrograms.Socket, frame));
            RunSocket("cl_sock_net", ClassicLoadPrograms.SocketNetwork, frame);
        }

        Assert.Contains(0u, results);
        Assert.True(results.Count > 50, "the kept length follows the loaded word");
    }

    [Fact]
    public void ALoadPastThePacketOutsideManagedExecutionSaysHowTheKernelEndsIt()
    {
        using var ctx = TcContext.ForPacket(new byte[20]);
        var exit = Assert.Throws<PacketLoadExitException>(() => ctx.LoadWord(18));
        Assert.Equal(18, exit.Offset);
        Assert.Contains("returning 0", exit.Message, StringComparison.Ordinal);
    }
}
