using System.Buffers.Binary;
using TraitsBpf.Differential.Tests.Samples;

namespace TraitsBpf.Differential.Tests.Kernel;

/// <summary>
/// Which packets BPF_PROG_TEST_RUN takes for a program kind. Both kinds need an Ethernet header.
/// A TC program runs over an sk_buff, and the kernel (6.18, observed) also refuses with EINVAL a
/// frame whose EtherType says IPv4 or IPv6 but which is shorter than that network header, before
/// the program runs. Such packets cannot reach a TC program, so the harness leaves them out.
/// </summary>
public static class TestRunInputs
{
    private const int EthernetHeaderLength = 14;
    private const int IPv4HeaderLength = 20;
    private const int IPv6HeaderLength = 40;

    /// <summary>
    /// Whether BPF_PROG_TEST_RUN runs <paramref name="kind"/> programs at all: the kernel has no test run for
    /// BPF_PROG_TYPE_CGROUP_SOCK_ADDR (6.18 answers ENOTSUPP), whose programs run only inside socket calls.
    /// </summary>
    public static bool CanTestRun(SampleKind kind) => kind is SampleKind.Xdp or SampleKind.Tc;

    /// <summary>True when the kernel's test run accepts <paramref name="packet"/> for a <paramref name="kind"/> program.</summary>
    public static bool Accepts(SampleKind kind, ReadOnlySpan<byte> packet)
    {
        if (packet.Length < EthernetHeaderLength)
        {
            return false;
        }

        if (kind == SampleKind.Xdp)
        {
            return true;
        }

        int network = packet.Length - EthernetHeaderLength;
        return BinaryPrimitives.ReadUInt16BigEndian(packet[12..]) switch
        {
            EtherType.IPv4 => network >= IPv4HeaderLength,
            EtherType.IPv6 => network >= IPv6HeaderLength,
            _ => true,
        };
    }
}
