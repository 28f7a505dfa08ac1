using TraitsBpf.Programs.Tests.Infrastructure;
using TraitsBpf.Programs.Tests.Packets;
using TraitsBpf.Programs.Tests.Samples;

namespace TraitsBpf.Programs.Tests.Kfuncs;

/// <summary>
/// <see cref="TcContext.KernelSkBuff"/> reaches the kernel's sk_buff: its length and protocol, read through
/// CO-RE relocated fields, are the packet's, as managed execution's stand-in gives them.
/// </summary>
public sealed class KernelSkBuffTests
{
    [Theory]
    [InlineData(EtherType.IPv4, 60)]
    [InlineData(EtherType.IPv6, 200)]
    [InlineData(EtherType.Arp, 42)]
    public void The_kernel_sk_buff_has_the_packets_length_and_protocol(ushort etherType, int length)
    {
        using var programs = new CompiledAssembly(typeof(KernelSkBuffPrograms).Assembly.Location, "kernel_skb");
        var packet = new byte[length];
        packet[12] = (byte)(etherType >> 8);
        packet[13] = (byte)etherType;
        var run = SampleRunner.Tc(programs, "kernel_skb", KernelSkBuffPrograms.Run, packet);
        Assert.Equal((uint)length, BitConverter.ToUInt32(run.Output, 0));
        Assert.Equal(Net.Htons(etherType), BitConverter.ToUInt16(run.Output, 4));
    }

    [Fact]
    public void Each_field_read_is_a_core_relocation_against_sk_buff()
    {
        using var programs = new CompiledAssembly(typeof(KernelSkBuffPrograms).Assembly.Location, "kernel_skb");
        var file = TraitsBpf.Object.ObjectReader.Read(programs.Result.Object);
        var relocations = file.CoreRelocations.Where(r => r.SectionName == "tc").ToList();
        Assert.Equal(2, relocations.Count);
        Assert.All(relocations, r => Assert.Equal("sk_buff", r.TypeName));
        Assert.Equal(2, relocations.Select(r => r.AccessString).Distinct().Count());
    }
}
