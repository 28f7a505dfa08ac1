using System.Globalization;
using System.Text;
using System.Text.Json;
using TraitsBpf.Abi;
using TraitsBpf.Benchmarks.Reporting;

namespace TraitsBpf.Benchmarks.Traits;

/// <summary>The stash cost benchmark's figures, and how to print them.</summary>
/// <param name="Packets">Datagrams per phase.</param>
/// <param name="Phases">Each backend without and with traits, under each flood.</param>
/// <param name="Machine">Where it ran.</param>
/// <param name="KfuncSkipped">Why the kfunc phases did not run, or null when they did.</param>
/// <param name="SkbExtension">The skb extension cache's sizes when the kfunc phases ran and the kernel shows them.</param>
public sealed record StashCostReport(int Packets, IReadOnlyList<StashCostPhase> Phases, string Machine, string? KfuncSkipped, SkbExtensionMemory? SkbExtension)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        IncludeFields = true,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

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
            .AppendLine("ns per run are the kernel's BPF run-time statistics: the mean over every run of the program in the phase.");
        if (KfuncSkipped is not null)
        {
            text.AppendLine(KfuncSkipped);
        }

        text.AppendLine().Append(render(PhaseTable())).AppendLine();
        foreach (var flood in Phases.Select(p => p.Flood).Distinct())
        {
            text.Append(render(AddedTable(flood))).AppendLine();
        }

        if (Phases.Any(p => p.Flood == StashCostFlood.GroSocket))
        {
            text.Append(render(GroTable())).AppendLine();
        }

        text.Append(render(MemoryTable()));
        return text.ToString();
    }

    private Table PhaseTable()
    {
        var table = new Table("Phases", ["flood", "backend", "tags", "datagrams/s", "XDP ns/run", "TC ns/run", "XDP frames", "TC sk_buffs", "carried at TC"]);
        foreach (var p in Phases)
        {
            table.Add(FloodName(p.Flood), p.Backend, TaggingName(p.Tagging), Number(p.PacketsPerSecond, 0), Number(p.XdpNs), Number(p.TcNs), Count(p.Tagged), Count(p.TcSeen), Count(p.Carried));
        }

        return table;
    }

    private Table AddedTable(StashCostFlood flood)
    {
        var table = new Table($"Added by traits (a tag per packet), ns per packet ({FloodName(flood)})", ["backend", "at XDP (a set)", "at TC (a get)", "on the free path (reaper, per free)"]);
        foreach (var backend in Phases.Where(p => p.Flood == flood).Select(p => p.Backend).Distinct())
        {
            var with = Phases.Single(p => p.Flood == flood && p.Backend == backend && p.Tagging == StashCostTagging.PerPacket);
            var without = Phases.Single(p => p.Flood == flood && p.Backend == backend && p.Tagging == StashCostTagging.None);
            string reaper = with.Reaper.Count == 0 ? "none" : string.Join(", ", with.Reaper.Select(r => $"{r.Name} {Number(r.Ns)} ({r.Runs} runs)"));
            table.Add(backend, Number(with.XdpNs - without.XdpNs), Number(with.TcNs - without.TcNs), reaper);
        }

        return table;
    }

    private Table GroTable()
    {
        var table = new Table(
            $"GRO on: bursts of {StashCostTraffic.GroBurst} same-flow datagrams to a UDP_GRO socket",
            ["backend", "tags", "sent", "XDP frames", "TC sk_buffs", "socket receives", "datagrams received", "datagrams per sk_buff", "stash peak / mean entries", "entries after", "refused"]);
        foreach (var p in Phases.Where(p => p.Flood == StashCostFlood.GroSocket))
        {
            var d = p.Delivered!;
            var o = p.Occupancy;
            table.Add(p.Backend, TaggingName(p.Tagging), Count(d.Sent), Count(p.Tagged), Count(p.TcSeen), Count(d.Receives), Count(d.Datagrams), Number(d.DatagramsPerReceive),
                o is null ? "-" : $"{o.Peak} / {Number(o.Mean)}", o is null ? "-" : Count(o.After), o is null ? "-" : Count(o.Refused));
        }

        return table;
    }

    private Table MemoryTable()
    {
        var table = new Table("Memory per in-flight packet with traits", ["backend", "bytes", "what"]);
        table.Add(TraitsBackendNames.Meta, "0 extra", "the store sits in the 128 bytes of metadata XDP reserves in the packet's own headroom");
        if (Phases.Select(p => p.Occupancy).FirstOrDefault(o => o is not null) is { } stash)
        {
            table.Add(TraitsBackendNames.Stash, Number(stash.BytesPerEntry, 0),
                $"the stash map's memory charge over its {stash.Capacity} entries (key 8, value {TraitStashFormat.EntrySize}), all preallocated: {Number(stash.BytesPerEntry * stash.Capacity / (1 << 20))} MiB");
        }

        if (SkbExtension is { } ext)
        {
            table.Add(TraitsBackendNames.Kfunc, Count(ext.SlabSize),
                $"one skb extension from skbuff_ext_cache (object {ext.ObjectSize} bytes: struct skb_ext's header and the 256-byte store), allocated by the first set and freed with the sk_buff");
        }

        return table;
    }

    private static string TaggingName(StashCostTagging tagging) => tagging switch
    {
        StashCostTagging.PerPacket => "per packet",
        StashCostTagging.PerFlow => "per flow",
        _ => "none",
    };

    private static string FloodName(StashCostFlood flood) => flood == StashCostFlood.GroSocket ? "GRO on, UDP_GRO socket" : "closed port";

    private static string Count(ulong value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Number(double? value, int decimals = 1) =>
        value is { } v ? v.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : "-";
}
