using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace TraitsBpf.Loader;

/// <summary>
/// Distils a verifier log into the failing instruction, its source line and the reason,
/// and builds the annotated log. The log format is the kernel's (kernel/bpf/verifier.c):
/// instruction lines <c>N: (op) text ; state</c>, and, when the program carries BTF line
/// info, <c>; source text @ file:line</c> lines before the instructions of each line.
/// Its fields are those <see cref="VerifierException"/> exposes, documented there.
/// </summary>
internal sealed partial record VerifierLogAnalysis(
    string Reason, int? FailingInstructionIndex, string? FailingInstruction, string? SourceFile, int? SourceLine, string? SourceText, string AnnotatedLog)
{
    public static VerifierLogAnalysis Parse(string log)
    {
        var lines = log.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var locations = new Dictionary<int, string>();
        SourceMarker? current = null;
        SourceMarker? failingSource = null;
        int lastInstructionLine = -1;
        int? failingIndex = null;
        string? failingText = null;

        for (var i = 0; i < lines.Length; i++)
        {
            var source = SourceLinePattern().Match(lines[i]);
            if (source.Success)
            {
                current = new SourceMarker(
                    source.Groups["text"].Value.Trim(),
                    source.Groups["file"].Success ? source.Groups["file"].Value : null,
                    source.Groups["line"].Success ? int.Parse(source.Groups["line"].Value, CultureInfo.InvariantCulture) : null);
                continue;
            }

            var insn = InstructionPattern().Match(lines[i]);
            if (insn.Success)
            {
                var index = int.Parse(insn.Groups["index"].Value, CultureInfo.InvariantCulture);
                lastInstructionLine = i;
                failingIndex = index;
                failingText = insn.Groups["text"].Value.Trim();
                failingSource = current;
                if (current?.Location is { } location)
                    locations.TryAdd(index, location);
            }
        }

        var reason = ExtractReason(lines, lastInstructionLine);
        return new VerifierLogAnalysis(
            reason,
            failingIndex,
            failingText,
            failingSource?.File,
            failingSource?.Line,
            failingSource?.Text,
            Annotate(lines, locations));
    }

    /// <summary>One sentence: where the verifier stopped and why.</summary>
    public string Summarize(string programName)
    {
        var sentence = new StringBuilder();
        sentence.Append(CultureInfo.InvariantCulture, $"the verifier rejected program '{programName}'");
        if (SourceFile is not null && SourceLine is not null)
            sentence.Append(CultureInfo.InvariantCulture, $" at {SourceFile}:{SourceLine}");
        if (!string.IsNullOrEmpty(SourceText))
            sentence.Append(CultureInfo.InvariantCulture, $" (`{SourceText}`)");
        if (FailingInstructionIndex is not null)
            sentence.Append(CultureInfo.InvariantCulture, $", instruction {FailingInstructionIndex} `{FailingInstruction}`");
        sentence.Append(": ").Append(Reason.TrimEnd('.'));
        if (UnprivilegedRestriction().IsMatch(Reason) && !Kernel.Capabilities.VerifierPrivileged())
            sentence.Append(" (the process lacks CAP_PERFMON, so the verifier applies its rules for unprivileged programs; grant CAP_PERFMON or run as root)");
        sentence.Append('.');
        return sentence.ToString();
    }

    // The verifier's refusals that only apply to programs loaded without CAP_PERFMON.
    [GeneratedRegex(@"!root|unpriv|leaks addr|pointer comparison prohibited|prohibited for", RegexOptions.IgnoreCase)]
    private static partial Regex UnprivilegedRestriction();

    private static string ExtractReason(string[] lines, int lastInstructionLine)
    {
        var reasons = new List<string>();
        for (var i = lastInstructionLine + 1; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || IsStatisticsLine(line))
                continue;
            if (SourceLinePattern().IsMatch(lines[i]))
                continue;
            reasons.Add(line);
        }

        if (reasons.Count > 0)
            return string.Join("; ", reasons);

        // No message after the last instruction: fall back to the last meaningful line.
        for (var i = lines.Length - 1; i >= 0; i--)
        {
            var line = lines[i].Trim();
            if (line.Length > 0 && !IsStatisticsLine(line))
                return line;
        }
        return "the kernel gave no reason (empty verifier log)";
    }

    private static bool IsStatisticsLine(string line) =>
        line.StartsWith("verification time", StringComparison.Ordinal)
        || line.StartsWith("stack depth", StringComparison.Ordinal)
        || line.StartsWith("processed ", StringComparison.Ordinal)
        || line.StartsWith("-- ", StringComparison.Ordinal);

    private static string Annotate(string[] lines, Dictionary<int, string> locations)
    {
        var text = string.Join('\n', lines);
        if (locations.Count == 0)
            return text;

        var width = locations.Values.Max(l => l.Length);
        var pad = new string(' ', width);
        var annotated = new StringBuilder();
        foreach (var line in lines)
        {
            var insn = AnyInstructionPattern().Match(line);
            if (insn.Success && locations.TryGetValue(int.Parse(insn.Groups["index"].Value, CultureInfo.InvariantCulture), out var location))
                annotated.Append(location.PadRight(width)).Append(" | ").Append(line);
            else if (line.Length > 0)
                annotated.Append(pad).Append(" | ").Append(line);
            annotated.Append('\n');
        }
        return annotated.ToString().TrimEnd('\n');
    }

    // "12: (61) r1 = *(u32 *)(r1 +0)          ; R1_w=pkt(r=0)" -> index 12, text up to the state comment.
    [GeneratedRegex(@"^(?<index>\d+): \([0-9a-f]{2}\) (?<text>.*?)(?:\s{2,}; .*)?$")]
    private static partial Regex InstructionPattern();

    // Also matches the liveness listing ("      0: .1........ (61) r1 = ...").
    [GeneratedRegex(@"^\s*(?<index>\d+): (?:[.0-9]{10} )?\([0-9a-f]{2}\) ")]
    private static partial Regex AnyInstructionPattern();

    // "; return data[20]; @ prog.c:9" (file:line since Linux 6.4) or "; return data[20];" on older kernels.
    [GeneratedRegex(@"^; (?<text>.*?)(?: @ (?<file>[^\s:]+):(?<line>\d+))?$")]
    private static partial Regex SourceLinePattern();

    private sealed record SourceMarker(string Text, string? File, int? Line)
    {
        public string? Location => File is null || Line is null ? null : $"{File}:{Line}";
    }
}
