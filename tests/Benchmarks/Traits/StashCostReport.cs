using System.Globalization;
using System.Text;
using System.Text.Json;
using TraitsBpf.Benchmarks.Reporting;

namespace TraitsBpf.Benchmarks.Traits;

/// <summary>The stash cost benchmark's figures, and how to print them.</summary>
/// <param name="Packets">Datagrams per phase.</param>
/// <param name="Phases">Meta and stash, each without and with traits.</param>
/// <param name="Machine">Where it ran.</param>
public sealed record StashCostReport(int Packets, IReadOnlyList<StashCostPhase> Phases, string Machine)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase, IncludeFields = true };

    /// <summary>The report in <paramref name="format"/>.</summary>
    public string Render(OutputFormat format)
    {
        if (format == OutputFormat.Json)
        {
            return JsonSerializer.Serialize(this, Json) + Environment.NewLine;
        }

        Func<Table, string> render = format == OutputFormat.Markdown ? t => t.ToMarkdown() : t => t.ToText();
        var text = new StringBuilder()
            .AppendLine($"Stash costs: {Packets} UDP datagrams per phase through a veth pair (XDP tagger, TC ingress reader), {Machine}.")
            .AppendLine("ns per run are the kernel's BPF run-time statistics: the mean over every run of the program in the phase.")
            .AppendLine();

        var phases = new Table("Phases", ["backend", "traits", "datagrams/s", "XDP ns/run", "TC ns/run", "tagged", "carried at TC", "peak entries", "entries after"]);
        foreach (var p in Phases)
        {
            phases.Add(p.Backend, p.Traits ? "yes" : "no", Number(p.PacketsPerSecond, 0), Number(p.XdpNs), Number(p.TcNs), p.Tagged.ToString(CultureInfo.InvariantCulture), p.Carried.ToString(CultureInfo.InvariantCulture), p.PeakEntries?.ToString(CultureInfo.InvariantCulture) ?? "-", p.EntriesAfter?.ToString(CultureInfo.InvariantCulture) ?? "-");
        }

        text.Append(render(phases)).AppendLine();
        var added = new Table("Added by traits, ns per packet", ["backend", "at XDP (a set)", "at TC (a get)", "on the free path (reaper, per free)"]);
        foreach (var backend in Phases.Select(p => p.Backend).Distinct())
        {
            var with = Phases.Single(p => p.Backend == backend && p.Traits);
            var without = Phases.Single(p => p.Backend == backend && !p.Traits);
            string reaper = with.Reaper.Count == 0 ? "none" : string.Join(", ", with.Reaper.Select(r => $"{r.Name} {Number(r.Ns)} ({r.Runs} runs)"));
            added.Add(backend, Number(with.XdpNs - without.XdpNs), Number(with.TcNs - without.TcNs), reaper);
        }

        text.Append(render(added)).AppendLine();
        if (Phases.FirstOrDefault(p => p.BytesPerEntry is not null) is { } stash)
        {
            text.AppendLine($"Memory per in-flight packet under stash: {Number(stash.BytesPerEntry, 0)} bytes (the map's memory charge over its capacity), preallocated for every entry.");
        }

        return text.ToString();
    }

    private static string Number(double? value, int decimals = 1) =>
        value is { } v ? v.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : "-";
}
