using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using TraitsBpf.Abi;
using TraitsBpf.Compiler;
using TraitsBpf.Loader;
using TraitsBpf.Loader.Attach;
using TraitsBpf.Loader.Pins;
using TraitsBpf.Loader.Traits;
using TraitsBpf.TestSupport.Host;

namespace TraitsBpf.Benchmarks.Traits;

/// <summary>
/// What traits cost under real traffic (issue 12 item 4): a UDP flood through a veth pair whose receiving end runs
/// a tagger at XDP and a reader at TC ingress, with traits and without, under the meta and the stash backends, in
/// one run; the kernel's run-time statistics (BPF_ENABLE_STATS) give each program's ns per run, the stash reaper's
/// included, and a sampler counts the stash's entries while the flood runs. It prints figures; it asserts nothing.
/// </summary>
public sealed partial class StashCostBenchmark(int packets, TextWriter log)
{
    private const int StatsRunTime = 0;
    private const int SampleMilliseconds = 10;

    /// <summary>Runs the four phases (meta and stash, each without and with traits) and returns their figures.</summary>
    public StashCostReport Run()
    {
        int stats = bpf_enable_stats(StatsRunTime);
        if (stats < 0)
        {
            throw new InvalidOperationException($"the kernel refused BPF_ENABLE_STATS (errno {-stats}); run as root on Linux 5.8+");
        }

        try
        {
            var phases = new List<StashCostPhase>();
            foreach (var backend in new[] { TraitsBackend.Meta, TraitsBackend.Stash })
            {
                foreach (bool traits in new[] { false, true })
                {
                    log.WriteLine($"stash costs: {TraitsBackendNames.Of(backend)} backend, {(traits ? "with" : "without")} traits, {packets} datagrams");
                    phases.Add(RunPhase(backend, traits));
                }
            }

            return new StashCostReport(packets, phases, MachineDescriptionText());
        }
        finally
        {
            close(stats);
        }
    }

    private StashCostPhase RunPhase(TraitsBackend backend, bool traits)
    {
        string root = $"/sys/fs/bpf/tbpf-bench-{Guid.NewGuid():N}";
        Directory.CreateDirectory(root);
        var owned = new List<IDisposable>();
        try
        {
            string[] programs = traits ? ["cost_tag", "cost_read"] : ["cost_tag_plain", "cost_read_plain"];
            var bpf = Load(typeof(StashCostPrograms).Assembly.Location, programs, backend, root, owned);
            var reaper = traits && backend == TraitsBackend.Stash
                ? Load(typeof(XdpContext).Assembly.Location, [.. TraitStashFormat.ReaperPrograms], backend, root, owned)
                : null;
            if (reaper is not null)
            {
                owned.AddRange(TraitStashFormat.ReaperPrograms.Select(name => reaper.Program(name).AttachTracing()));
            }

            var veth = new VethPair();
            owned.Add(veth);
            owned.AddRange(NetworkNamespaceThread.Run(veth.ReceiverNamespace, () => new IDisposable[]
            {
                bpf.Program(programs[0]).AttachXdp(veth.ReceiverInterface),
                bpf.Program(programs[1]).AttachTc(veth.ReceiverInterface, AttachHook.TcIngress),
            }));
            veth.Ping(1);

            var stash = traits && backend == TraitsBackend.Stash ? new HostTraitStash(new PinLayout(root), null) : null;
            int peak = 0;
            using var done = new CancellationTokenSource();
            var sampler = Task.Run(() =>
            {
                while (!done.IsCancellationRequested && stash is not null)
                {
                    peak = Math.Max(peak, stash.State()?.Entries ?? 0);
                    Thread.Sleep(SampleMilliseconds);
                }
            });
            var clock = Stopwatch.StartNew();
            Flood(veth);
            double seconds = clock.Elapsed.TotalSeconds;
            Thread.Sleep(200);
            done.Cancel();
            sampler.Wait();

            var tag = bpf.Program(programs[0]).Info();
            var read = bpf.Program(programs[1]).Info();
            var reaps = reaper is null ? [] : TraitStashFormat.ReaperPrograms.Select(name => (Name: name, Info: reaper.Program(name).Info())).ToList();
            return new StashCostPhase(
                TraitsBackendNames.Of(backend),
                traits,
                Counter(bpf, "Tagged", 0),
                Counter(bpf, "Read", 0),
                PerRun(tag),
                PerRun(read),
                reaps.Select(r => (r.Name, r.Info.RunCount, PerRun(r.Info))).ToList(),
                stash is null ? null : peak,
                stash?.State()?.Entries,
                stash is null ? null : BytesPerEntry(Path.Combine(root, TraitStashFormat.PinName)),
                packets / seconds);
        }
        finally
        {
            for (int i = owned.Count - 1; i >= 0; i--)
            {
                owned[i].Dispose();
            }

            Directory.Delete(root, recursive: true);
        }
    }

    private static BpfObject Load(string assembly, string[] programs, TraitsBackend backend, string root, List<IDisposable> owned)
    {
        var image = BpfCompiler.Compile(assembly, new CompilerOptions { Programs = programs, Traits = backend }).Object;
        var bpf = BpfObject.OpenMemory(image, Path.GetFileNameWithoutExtension(assembly));
        owned.Add(bpf);
        if (bpf.Maps.Any(m => m.Name == TraitStashFormat.MapName))
        {
            using (new HostTraitStash(new PinLayout(root), null).Share(bpf))
            {
                bpf.Load();
            }
        }
        else
        {
            bpf.Load();
        }

        return bpf;
    }

    /// <summary>The flood: <c>packets</c> datagrams from the sender as fast as one Python process sends them.</summary>
    private void Flood(VethPair veth) =>
        TestSupport.Host.Run.Command("nsenter", $"--net=/run/netns/{veth.SenderNamespace}", "python3", "-c", $$"""
            import socket
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            payload = bytes(32)
            for i in range({{packets}}):
                s.sendto(payload, ('{{VethPair.ReceiverAddress}}', {{StashCostPrograms.Port}}))
            """).EnsureSuccess();

    private static double? PerRun(BpfProgramInfo info) => info.RunCount == 0 ? null : (double)info.RunTimeNs / info.RunCount;

    private static ulong Counter(BpfObject bpf, string map, uint slot)
    {
        var value = new byte[bpf.Map(map).ValueBufferSize];
        return bpf.Map(map).Lookup(BitConverter.GetBytes(slot), value) ? BitConverter.ToUInt64(value) : 0;
    }

    /// <summary>The kernel's memory charge of the stash map (bpftool's bytes_memlock) over its capacity: what an in-flight packet costs.</summary>
    private static double BytesPerEntry(string pin)
    {
        var shown = TestSupport.Host.Run.Command("bpftool", "-j", "map", "show", "pinned", pin).EnsureSuccess().Stdout;
        using var json = JsonDocument.Parse(shown);
        var root = json.RootElement;
        return root.GetProperty("bytes_memlock").GetDouble() / root.GetProperty("max_entries").GetDouble();
    }

    private static string MachineDescriptionText() =>
        $"Linux {Environment.OSVersion.Version}, {Environment.ProcessorCount} CPUs, .NET {Environment.Version}";

    [LibraryImport("libbpf.so.1")]
    private static partial int bpf_enable_stats(int type);

    [LibraryImport("libc")]
    private static partial int close(int fd);
}
