using System.Buffers.Binary;
using Microsoft.Extensions.Logging;
using TraitsBpf.Abi;
using TraitsBpf.Compiler;
using TraitsBpf.Loader;
using TraitsBpf.Loader.Kernel;
using TraitsBpf.Loader.Traits;

namespace TraitsBpf.Cli.Tracing;

/// <summary>
/// The trait tracers of <c>traitsbpf trace</c> (TraitsBpf.Sdk's <c>SkbTraitTracer</c> or <c>StashTraitTracer</c>,
/// compiled by our compiler from the SDK beside traitsbpf) loaded with the filter and the kernel's offsets,
/// attached, and read. Everything belongs to this process: the links and maps end when it is disposed or the
/// process exits, however it exits; nothing is pinned or recorded.
/// </summary>
internal sealed class TraitTraceSession : IDisposable
{
    private readonly BpfObject obj;
    private readonly List<ProgramAttachment> links = [];
    private readonly RingBufferReader reader;

    private TraitTraceSession(BpfObject obj, RingBufferReader reader)
    {
        this.obj = obj;
        this.reader = reader;
    }

    /// <summary>The programs attached, with their hooks.</summary>
    public IReadOnlyList<string> Hooks => [.. links.Select(l => l.Description)];

    /// <summary>Compiles, loads and attaches the tracers for <paramref name="backend"/>, testing <paramref name="clauses"/> in the kernel.</summary>
    /// <exception cref="LoaderException">The SDK is missing, the kernel lacks what the tracers read, or loading or attaching failed.</exception>
    public static TraitTraceSession Start(TraitsBackend backend, IReadOnlyList<TraceClause> clauses, ILogger logger)
    {
        string sdk = Sources.StashReaperInstaller.SdkAssembly;
        if (!File.Exists(sdk))
            throw new LoaderException(LoaderErrorKind.FileNotFound, $"trace compiles its tracing programs from {sdk}, which is missing; reinstall traitsbpf");
        var programs = backend == TraitsBackend.Stash ? TraitTraceFormat.StashPrograms : TraitTraceFormat.SkbPrograms;
        logger.LogInformation("compiling the {Backend} trait tracers from {Sdk}", TraitsBackendNames.Of(backend), sdk);
        var compiled = BpfCompiler.Compile(sdk, new CompilerOptions { Traits = backend, Programs = programs });
        var obj = BpfObject.OpenMemory(compiled.Object, "traitsbpf_trace", sdk);
        TraitTraceSession? session = null;
        try
        {
            SetConstant(obj, TraitTraceFormat.DeviceNameOffsetConstant, KernelOffset("net_device", "name"));
            SetConstant(obj, TraitTraceFormat.MetaLengthOffsetConstant, KernelOffset("skb_shared_info", "meta_len"));
            if (backend != TraitsBackend.Stash)
                SetSource(obj, backend);
            for (int i = 0; i < TraitTraceFormat.MaxClauses; i++)
            {
                var clause = new byte[TraitTraceFormat.ClauseSize];
                BinaryPrimitives.WriteUInt64LittleEndian(clause, i < clauses.Count ? (ulong)clauses[i].Trait.Key : TraitKeys.Count);
                BinaryPrimitives.WriteUInt64LittleEndian(clause.AsSpan(8), i < clauses.Count ? (ulong)clauses[i].Trait.Size : 0);
                clauses.ElementAtOrDefault(i)?.Value.CopyTo(clause, 16);
                obj.SetConstant(TraitTraceFormat.ClauseConstant(i), clause);
            }

            // trace reads the host's stash and never creates one: without it, the tracers' own map is empty, as the host's would be.
            using (backend == TraitsBackend.Stash ? new HostTraitStash(logger).ShareIfPinned(obj) : null)
            {
                obj.Load();
            }

            var ring = obj.Map(TraitTraceFormat.RingMapName);
            session = new TraitTraceSession(obj, new RingBufferReader(ring.Fd, ring.MaxEntries));
            foreach (var program in programs)
                session.links.Add(obj.Program(program).AttachTracing());
            return session;
        }
        catch
        {
            if (session is null)
                obj.Dispose();
            else
                session.Dispose();
            throw;
        }
    }

    /// <summary>Waits up to <paramref name="timeout"/> for records, then returns those there are (perhaps none).</summary>
    public List<byte[]> Next(TimeSpan timeout)
    {
        var records = reader.Drain();
        if (records.Count > 0)
            return records;
        reader.Wait(timeout);
        return reader.Drain();
    }

    /// <summary>The records lost so far because the ring buffer was full, summed over the CPUs.</summary>
    public ulong Lost() =>
        new Loader.Skeleton.PerCpuTypedMap<uint, ulong>(obj.Map(TraitTraceFormat.LostMapName)).TryGetValues(0, out var perCpu)
            ? perCpu.Aggregate(0UL, (total, lost) => total + lost)
            : 0;

    /// <summary>Detaches the tracers and frees their maps.</summary>
    public void Dispose()
    {
        foreach (var link in links)
            link.Dispose();
        links.Clear();
        reader.Dispose();
        obj.Dispose();
    }

    /// <summary>Where the meta and kfunc backends' tracers find the store: the metadata area, or the kfunc backend's skb extension.</summary>
    private static void SetSource(BpfObject obj, TraitsBackend backend)
    {
        var source = TraitTraceSource.Meta;
        if (backend == TraitsBackend.Kfunc)
        {
            source = TraitTraceSource.Extension;
            if (!KernelFeatures.CurrentEnumerators("skb_ext_id").TryGetValue(TraitTraceFormat.TraitsExtensionName, out long id))
                throw new LoaderException(LoaderErrorKind.Unsupported,
                    $"this host keeps traits with the kfunc backend, but this kernel's BTF ({KernelFeatures.VmlinuxBtfPath}) has no {TraitTraceFormat.TraitsExtensionName} in enum skb_ext_id, where trace reads them.");
            SetConstant(obj, TraitTraceFormat.TraitsExtensionIdConstant, (ulong)id);
            SetConstant(obj, TraitTraceFormat.ExtensionOffsetsOffsetConstant, KernelOffset("skb_ext", "offset"));
        }

        obj.SetConstant(TraitTraceFormat.SourceConstant, BitConverter.GetBytes((uint)source));
    }

    private static ulong KernelOffset(string structName, string member) =>
        KernelFeatures.CurrentMemberOffset(structName, member) is { } offset
            ? (ulong)offset
            : throw new LoaderException(LoaderErrorKind.Unsupported,
                $"trace reads {structName}.{member}, which this kernel's BTF ({KernelFeatures.VmlinuxBtfPath}) does not describe.");

    private static void SetConstant(BpfObject obj, string name, ulong value)
    {
        Span<byte> bytes = stackalloc byte[sizeof(ulong)];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
        obj.SetConstant(name, bytes);
    }
}
