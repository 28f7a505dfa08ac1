using TraitsBpf.Testing.Kernel;

namespace TraitsBpf.Testing;

/// <summary>
/// Runs a program as .NET code (<see cref="ManagedExecution"/>) and in this machine's kernel
/// (the compiled object, BPF_PROG_TEST_RUN) over the same packets, in order, and checks that
/// each packet gets the same action and leaves as the same bytes. Maps are not reset between
/// packets on either side, so stateful programs are compared over the whole sequence.
/// </summary>
public static class ProgramAgreement
{
    /// <summary>
    /// Checks the XDP program <paramref name="programName"/> in the object at
    /// <paramref name="objectPath"/> against <paramref name="program"/>, its C# method.
    /// </summary>
    /// <returns>The actions, one per packet, that both agreed on.</returns>
    /// <exception cref="ProgramDisagreementException">They disagree on a packet (which, and how, is in the message).</exception>
    public static IReadOnlyList<XdpAction> AssertXdp(string objectPath, string programName, Func<XdpContext, XdpAction> program, IEnumerable<byte[]> packets) =>
        Compare(objectPath, programName, packets, packet =>
        {
            using var ctx = XdpContext.ForPacket(packet);
            var action = ManagedExecution.Run(program, ctx);
            return (action, ctx.Packet);
        }, value => (XdpAction)value);

    /// <summary>
    /// Checks the TC program <paramref name="programName"/> in the object at
    /// <paramref name="objectPath"/> against <paramref name="program"/>, its C# method. Packets
    /// must hold at least an Ethernet header, as the kernel requires.
    /// </summary>
    /// <returns>The actions, one per packet, that both agreed on.</returns>
    /// <exception cref="ProgramDisagreementException">They disagree on a packet (which, and how, is in the message).</exception>
    public static IReadOnlyList<TcAction> AssertTc(string objectPath, string programName, Func<TcContext, TcAction> program, IEnumerable<byte[]> packets) =>
        Compare(objectPath, programName, packets, packet =>
        {
            using var ctx = TcContext.ForPacket(packet);
            var action = ManagedExecution.Run(program, ctx);
            return (action, ctx.Packet);
        }, value => (TcAction)(int)value);

    private static IReadOnlyList<TAction> Compare<TAction>(string objectPath, string programName, IEnumerable<byte[]> packets,
        Func<byte[], (TAction Action, byte[] Packet)> runManaged, Func<uint, TAction> actionOf)
        where TAction : struct, Enum
    {
        var agreed = new List<TAction>();
        using var kernel = KernelProgram.Load(objectPath, programName);
        foreach (var packet in packets)
        {
            var managed = runManaged(packet);
            var inKernel = kernel.Run(packet);
            var kernelAction = actionOf(inKernel.ReturnValue);
            string which = $"program '{programName}', packet {agreed.Count} ({packet.Length} bytes)";
            if (!EqualityComparer<TAction>.Default.Equals(managed.Action, kernelAction))
                throw new ProgramDisagreementException($"{which}: managed {managed.Action}, kernel {kernelAction}");
            if (FirstDifference(managed.Packet, inKernel.Packet) is { } at)
                throw new ProgramDisagreementException(
                    $"{which}: both {kernelAction}, but the packets out differ at byte {at} (managed {Describe(managed.Packet, at)}, kernel {Describe(inKernel.Packet, at)})");
            agreed.Add(kernelAction);
        }

        if (agreed.Count == 0)
            throw new ArgumentException("no packets to compare the program over", nameof(packets));
        return agreed;
    }

    private static int? FirstDifference(byte[] left, byte[] right)
    {
        int common = left.AsSpan().CommonPrefixLength(right);
        return common == left.Length && common == right.Length ? null : common;
    }

    private static string Describe(byte[] packet, int at) =>
        at < packet.Length ? $"0x{packet[at]:x2} of {packet.Length} bytes" : $"ends at {packet.Length} bytes";
}
