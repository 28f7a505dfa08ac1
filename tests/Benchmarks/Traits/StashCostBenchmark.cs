using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using TraitsBpf.Abi;
using TraitsBpf.Compiler;
using TraitsBpf.Loader;
using TraitsBpf.Loader.Attach;
using TraitsBpf.Loader.Kernel;
using TraitsBpf.Loader.Pins;
using TraitsBpf.Loader.Traits;
using TraitsBpf.TestSupport.Host;

namespace TraitsBpf.Benchmarks.Traits;

/// <summary>
/// What traits cost under real traffic (issue 12 item 4): UDP floods through a veth pair whose receiving end runs
/// a tagger at XDP and a reader at TC ingress, with traits and without, under the meta, the stash and (on a kernel
/// with the trait kfuncs) the kfunc backends, in one run: first to a closed port with GRO off, then in same-flow
/// bursts to a UDP_GRO socket with GRO on. The kernel's run-time statistics (BPF_ENABLE_STATS) give each program's
/// ns per run, the stash reaper's included, and a sampler counts the stash's entries while a flood runs. It prints
/// figures; it asserts nothing.
/// </summary>
public sealed partial class StashCostBenchmark(int packets, TextWriter log)
{
    private const int StatsRunTime = 0;

    /// <summary>Runs every phase (each backend without and with traits, under each flood) and returns their figures.</summary>
    public StashCostReport Run()
    {
        int stats = bpf_enable_stats(StatsRunTime);
        if (stats < 0)
        {
            throw new InvalidOperationException($"the kernel refused BPF_ENABLE_STATS (errno {-stats}); run as root on Linux 5.8+");
        }

        try
        {
            var backends = new List<TraitsBackend> { TraitsBackend.Meta, TraitsBackend.Stash };
            string? kfuncMissing = MissingKfuncs();
            if (kfuncMissing is null)
            {
                backends.Add(TraitsBackend.Kfunc);
            }
            else
            {
                log.WriteLine(kfuncMissing);
            }

            var phases = new List<StashCostPhase>();
            foreach (var flood in new[] { StashCostFlood.ClosedPort, StashCostFlood.GroSocket })
            {
                foreach (var backend in backends)
                {
                    foreach (var tagging in Taggings(flood))
                    {
                        log.WriteLine($"stash costs: {TraitsBackendNames.Of(backend)} backend, tags {tagging}, {flood}, {packets} datagrams");
                        phases.Add(RunPhase(backend, tagging, flood));
                    }
                }
            }

            return new StashCostReport(packets, phases, MachineDescriptionText(), kfuncMissing, kfuncMissing is null ? SkbExtensionMemory.Current() : null);
        }
        finally
        {
            close(stats);
        }
    }

    /// <summary>Without traits and with a tag per packet; under GRO also a tag per flow, the one GRO may merge.</summary>
    private static StashCostTagging[] Taggings(StashCostFlood flood) => flood == StashCostFlood.GroSocket
        ? [StashCostTagging.None, StashCostTagging.PerPacket, StashCostTagging.PerFlow]
        : [StashCostTagging.None, StashCostTagging.PerPacket];

    /// <summary>Why the kfunc phases cannot run here, or null when the kernel has every trait kfunc.</summary>
    private static string? MissingKfuncs()
    {
        var features = KernelFeatures.Current;
        return features.TraitsBackend == TraitsBackendNames.Kfunc
            ? null
            : $"stash costs: kernel {features.Release} has no trait kfuncs, so the kfunc phases need the patched kernel (Kernel/patches); run them in the VM: " +
              $"Kernel/vm/run.sh --kernel \"$(Kernel/build.sh | tail -n 1)/bzImage\" -- dotnet {typeof(StashCostBenchmark).Assembly.Location} --stash-costs";
    }

    private StashCostPhase RunPhase(TraitsBackend backend, StashCostTagging tagging, StashCostFlood flood)
    {
        string root = $"/sys/fs/bpf/tbpf-bench-{Guid.NewGuid():N}";
        Directory.CreateDirectory(root);
        var owned = new List<IDisposable>();
        try
        {
            string[] programs = tagging switch
            {
                StashCostTagging.PerPacket => ["cost_tag", "cost_read"],
                StashCostTagging.PerFlow => ["cost_tag_flow", "cost_read"],
                _ => ["cost_tag_plain", "cost_read_plain"],
            };
            var bpf = Load(typeof(StashCostPrograms).Assembly.Location, programs, backend, root, owned);
            bool stashed = tagging != StashCostTagging.None && backend == TraitsBackend.Stash;
            var reaper = stashed ? Load(typeof(XdpContext).Assembly.Location, [.. TraitStashFormat.ReaperPrograms], backend, root, owned) : null;
            if (reaper is not null)
            {
                owned.AddRange(TraitStashFormat.ReaperPrograms.Select(name => reaper.Program(name).AttachTracing()));
            }

            var veth = new VethPair("tbcst");
            owned.Add(veth);
            owned.AddRange(NetworkNamespaceThread.Run(veth.ReceiverNamespace, () => new IDisposable[]
            {
                bpf.Program(programs[0]).AttachXdp(veth.ReceiverInterface),
                bpf.Program(programs[1]).AttachTc(veth.ReceiverInterface, AttachHook.TcIngress),
            }));
            veth.Ping(1);

            var sampler = stashed ? new StashOccupancySampler(new HostTraitStash(new PinLayout(root), null)) : null;
            if (sampler is not null)
            {
                owned.Add(sampler);
            }

            var clock = Stopwatch.StartNew();
            GroDelivery? delivered = null;
            if (flood == StashCostFlood.GroSocket)
            {
                delivered = StashCostTraffic.GroSocket(veth, packets);
            }
            else
            {
                StashCostTraffic.ClosedPort(veth, packets);
            }

            double seconds = clock.Elapsed.TotalSeconds;
            sampler?.Stop();
            Thread.Sleep(200);

            var tag = bpf.Program(programs[0]).Info();
            var read = bpf.Program(programs[1]).Info();
            var reaps = reaper is null ? [] : TraitStashFormat.ReaperPrograms.Select(name => (Name: name, Info: reaper.Program(name).Info())).ToList();
            ulong carried = Counter(bpf, "Read", 0);
            return new StashCostPhase(
                TraitsBackendNames.Of(backend),
                tagging,
                flood,
                Counter(bpf, "Tagged", 0),
                carried,
                carried + Counter(bpf, "Read", 1),
                PerRun(tag),
                PerRun(read),
                reaps.Select(r => (r.Name, r.Info.RunCount, PerRun(r.Info))).ToList(),
                sampler?.Finish(BytesPerEntry(Path.Combine(root, TraitStashFormat.PinName))),
                delivered,
                (delivered?.Sent ?? packets) / seconds);
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
        $"Linux {KernelFeatures.CurrentRelease()}, {Environment.ProcessorCount} CPUs, .NET {Environment.Version}";

    [LibraryImport("libbpf.so.1")]
    private static partial int bpf_enable_stats(int type);

    [LibraryImport("libc")]
    private static partial int close(int fd);
}
