using TraitsBpf.Programs.Tests.Infrastructure;
using TraitsBpf.Programs.Tests.Packets;

namespace TraitsBpf.Programs.Tests.Kfuncs;

/// <summary>Compiles and loads the programs that declare their own kfuncs once.</summary>
public sealed class KfuncFixture : IDisposable
{
    public KfuncFixture() => Programs = new CompiledAssembly(typeof(KfuncPrograms).Assembly.Location, "k_dynptr_size", "k_dynptr_slice");

    public CompiledAssembly Programs { get; }

    public void Dispose() => Programs.Dispose();
}

/// <summary>
/// <c>[Kfunc]</c> declarations reach the kernel's functions: libbpf resolves them against the
/// running kernel's BTF (the prototypes match by kind), the verifier accepts the calls, and the
/// kernel's answers come back to the program.
/// </summary>
public sealed class KfuncTests(KfuncFixture fixture) : IClassFixture<KfuncFixture>
{
    [Theory]
    [InlineData(14)]
    [InlineData(60)]
    [InlineData(1500)]
    public void DynptrSizeIsThePacketLength(int length)
    {
        var packet = new byte[length];
        var run = fixture.Programs.Program("k_dynptr_size").TestRun(packet);
        Assert.Equal((uint)XdpAction.Pass, run.ReturnValue);
        Assert.Equal((uint)length, BitConverter.ToUInt32(run.DataOut, 0));
    }

    [Fact]
    public void DynptrSliceReadsTheEthernetHeader()
    {
        var ipv4 = PacketBuilder.Ethernet(EtherType.IPv4).IPv4(IpProtocol.Udp).Udp(1, 2).Build();
        var arp = PacketBuilder.Ethernet(EtherType.Arp).Build();
        Assert.Equal((uint)XdpAction.Pass, fixture.Programs.Program("k_dynptr_slice").TestRun(ipv4).ReturnValue);
        Assert.Equal((uint)XdpAction.Drop, fixture.Programs.Program("k_dynptr_slice").TestRun(arp).ReturnValue);
    }

    [Fact]
    public void TheObjectDeclaresEachKfuncAsAnExternFunctionInKsyms()
    {
        var path = Path.Combine(Path.GetTempPath(), $"kfuncs-{Environment.ProcessId}.o");
        File.WriteAllBytes(path, fixture.Programs.Result.Object);
        try
        {
            var btf = Tool.RunClean("bpftool", "btf", "dump", "file", path).Output;
            Assert.Contains("FUNC 'bpf_dynptr_from_xdp' type_id=", btf);
            Assert.Contains("FUNC 'bpf_dynptr_slice' type_id=", btf);
            Assert.Contains("DATASEC '.ksyms'", btf);
            Assert.Contains("STRUCT 'bpf_dynptr' size=16 vlen=0", btf);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
