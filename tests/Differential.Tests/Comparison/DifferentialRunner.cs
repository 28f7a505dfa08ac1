using System.Text;
using TraitsBpf.Differential.Tests.Maps;
using TraitsBpf.Differential.Tests.Packets;
using TraitsBpf.Differential.Tests.Samples;

namespace TraitsBpf.Differential.Tests.Comparison;

/// <summary>
/// Runs a program over a corpus on a reference side (managed execution) and on other sides (the
/// kernel, with our object and with the C twin), and stops at the first packet on which a side
/// returns another action or other bytes, or after which a side's maps hold something else.
/// Maps are compared after each of the first packets, then every few packets and at the end;
/// a map disagreement lists the packets since the last agreement.
/// </summary>
public static class DifferentialRunner
{
    private const int EveryPacketUntil = 256;
    private const int CheckpointInterval = 32;

    /// <summary>Runs every packet of <paramref name="corpus"/>; throws <see cref="DisagreementException"/> at the first disagreement.</summary>
    public static DifferentialReport Run(SampleProgram program, ExecutionSide reference, IReadOnlyList<ExecutionSide> others, IReadOnlyList<LabeledPacket> corpus)
    {
        var actions = new Dictionary<string, int>();
        int rewritten = 0;
        int checkpoints = 0;
        int entries = 0;
        int agreedUntil = 0;
        for (int i = 0; i < corpus.Count; i++)
        {
            var packet = corpus[i];
            var expected = reference.Run(packet.Bytes);
            foreach (var side in others)
            {
                var actual = side.Run(packet.Bytes);
                if (!expected.SameAs(actual))
                {
                    throw new DisagreementException(
                        $"{program.Name}: {reference.Name} and {side.Name} disagree on packet #{i}, {packet}{Environment.NewLine}" +
                        $"packet:       {Convert.ToHexString(packet.Bytes)}{Environment.NewLine}" +
                        $"{reference.Name,-13} {expected.Describe(program.ActionName)}{Environment.NewLine}" +
                        $"{side.Name,-13} {actual.Describe(program.ActionName)}");
                }
            }

            string action = expected.Error is null ? program.ActionName(expected.Action) : "failed";
            actions[action] = actions.GetValueOrDefault(action) + 1;
            rewritten += expected.Output.AsSpan().SequenceEqual(packet.Bytes) ? 0 : 1;

            if (i < EveryPacketUntil || i % CheckpointInterval == CheckpointInterval - 1 || i == corpus.Count - 1)
            {
                entries = CompareMaps(program, reference, others, corpus, agreedUntil, i);
                agreedUntil = i + 1;
                checkpoints++;
            }
        }

        return new DifferentialReport(corpus.Count, actions, rewritten, checkpoints, entries);
    }

    private static int CompareMaps(SampleProgram program, ExecutionSide reference, IReadOnlyList<ExecutionSide> others, IReadOnlyList<LabeledPacket> corpus, int from, int to)
    {
        var expected = reference.Maps();
        foreach (var side in others)
        {
            var actual = side.Maps();
            if (MapSnapshot.Difference(expected, reference.Name, actual, side.Name) is { } difference)
            {
                var message = new StringBuilder();
                message.AppendLine($"{program.Name}: {reference.Name} and {side.Name} hold different maps after packet #{to}, agreeing after #{from - 1}:");
                message.AppendLine(difference);
                message.AppendLine("packets since the last agreement:");
                for (int i = from; i <= to; i++)
                {
                    message.AppendLine($"  #{i} {corpus[i]}: {Convert.ToHexString(corpus[i].Bytes)}");
                }

                throw new DisagreementException(message.ToString());
            }
        }

        return expected.EntryCount;
    }
}
