using Microsoft.Extensions.Logging;
using TraitsBpf.Loader.Attach;
using TraitsBpf.Loader.Kernel;
using TraitsBpf.Loader.Pins;
using TraitsBpf.Loader.Traits;

namespace TraitsBpf.Loader.Loading;

/// <summary>
/// The one way an object is loaded: the steps of <see cref="LoadStep"/>, in that order, each
/// handing what it made to the next (the ELF bytes are read once, the manifest parsed once).
/// A step that fails undoes the earlier ones: nothing stays loaded, attached or pinned.
/// <c>load</c> runs every step; <c>run</c> stops after <see cref="LoadStep.Load"/>.
/// </summary>
/// <param name="attachments">Where attachments are pinned and recorded.</param>
/// <param name="logger">Logs each step.</param>
public sealed class LoadSequence(Attachments attachments, ILogger logger)
{
    private static readonly LoadStep[] s_loadSteps = [LoadStep.Open, LoadStep.Check, LoadStep.Registry, LoadStep.Load];
    private static readonly LoadStep[] s_attachSteps = [.. s_loadSteps, LoadStep.Attach, LoadStep.Pin, LoadStep.Record];

    /// <summary>Runs the steps <paramref name="request"/> needs; the caller disposes the result.</summary>
    /// <exception cref="LoaderException">A step failed; the message is one sentence for the user.</exception>
    public LoadedObject Run(LoadRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var state = new State(request);
        try
        {
            foreach (var step in request.Target is null ? s_loadSteps : s_attachSteps)
            {
                logger.LogDebug("load step: {Step}", step);
                Run(step, state);
                FaultPoint.Reached(step.ToString());
            }
            state.Writer?.Dispose();
            state.RegistryLock?.Dispose();
            return new LoadedObject(state.Image!, state.Object!, state.Program!, state.Traits, state.Record, state.Shield) { Binding = state.Binding };
        }
        catch
        {
            state.DispatcherTarget?.Dispose();
            state.StashMaps?.Dispose();
            state.Writer?.Dispose();
            state.RegistryLock?.Dispose();
            state.Object?.Dispose();
            state.Shield?.Dispose();
            throw;
        }
    }

    private void Run(LoadStep step, State state)
    {
        switch (step)
        {
            case LoadStep.Open:
                Open(state);
                break;
            case LoadStep.Check:
                Check(state);
                break;
            case LoadStep.Registry:
                Registry(state);
                break;
            case LoadStep.Load:
                state.Object!.Load();
                // Filled before the attach, so that the first packet redirected to a slot finds its program there.
                foreach (var slot in state.Request.Slots)
                    state.Object.Map(slot.Map).UpdateSlot(slot.Key, slot.Target, slot.Program is null ? null : state.Object.Program(slot.Program));
                state.StashMaps?.Dispose();
                state.StashMaps = null;
                state.DispatcherTarget?.Dispose();
                state.DispatcherTarget = null;
                // run has no record: its commit point is a successful load.
                if (state.Request.Target is null)
                    CommitTraits(state);
                break;
            case LoadStep.Attach:
                Attach(state);
                break;
            case LoadStep.Pin:
                state.Writer!.Pin();
                break;
            case LoadStep.Record:
                Record(state);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(step), step, "not a load step");
        }
    }

    private static void Open(State state)
    {
        // A missing interface, or a path that is no cgroup v2 directory, is reported before a compile that may take seconds.
        if (state.Request.Target is { IsCgroup: true } cgroup)
            CgroupHooks.Check(cgroup.Interface);
        else if (state.Request.Target is { IsTracing: false } target)
            NetworkInterfaces.IndexOf(target.Interface);
        state.Image = state.Request.Open();
    }

    private void Check(State state)
    {
        var request = state.Request;
        var image = state.Image!;
        state.Object = BpfObject.OpenMemory(image.Elf, image.Name, image.Origin);
        if (request.MapPinRoot is { } mapPinRoot)
            state.Object.MapPinRoot = MapPinRoots.Check(mapPinRoot, attachments.Root);
        var target = request.Target;
        state.Program = ProgramChoice.Select(state.Object, request.Program,
            p => target is null || (target.Accepts(p.Type) && p.MapSlot == XdpMapSlot.None),
            target is null ? "to run" : target.Hook switch
            {
                AttachHook.Xdp => "of type XDP to attach to an interface (not xdp/cpumap or xdp/devmap, which run from map slots)",
                AttachHook.Trace => "for tracing (tp_btf, raw_tp, kprobe, kretprobe, fentry or fexit)",
                AttachHook.Cgroup => "for a cgroup's hooks (socket-address hooks such as cgroup/sendmsg4, or cgroup_skb/ingress and egress)",
                _ => "of type TC (SchedCls)",
            });
        // A tracing program attaches where its section says; a cgroup program at the hook its section names.
        state.Target = target switch
        {
            { IsTracing: true } => target with { Interface = state.Program.SectionName },
            { IsCgroup: true } => target with { CgroupHook = CgroupHookOf(state.Program) },
            _ => target,
        };
        // Only the chosen program is loaded, so that another program's problems cannot fail this one.
        foreach (var program in state.Object.Programs)
            program.Autoload = program == state.Program || request.Slots.Any(slot => slot.Program == program.Name);
        foreach (var slot in request.Slots.Where(slot => slot.Program is not null))
            state.Object.Program(slot.Program!);
        foreach (var (name, value) in request.Constants)
            state.Object.SetConstant(name, value);
        // One read of the object for the loader's own checks: the traits manifest and the kfunc calls.
        var file = ObjectFiles.Read(image.Elf);
        state.Manifest = TraitManifest.Read(file);
        var owner = state.Owner;
        var kfuncs = ObjectKfuncCalls.In(file, state.Program.SectionName);
        KfuncSupport.Require(kfuncs, owner, KernelFeatures.CurrentMayHaveFunction, KernelFeatures.CurrentFunctionShape);
        // Another tool's libxdp dispatcher on the hook decides how the program is loaded: as an extension of its slot.
        if (target?.Hook == AttachHook.Xdp)
            state.DispatcherTarget = XdpHookSharing.Prepare(state.Program, target, attachments.Records);
        state.Binding = DeviceBinding.Apply(state.Program, kfuncs, target, state.DispatcherTarget is not null, owner);
    }

    /// <summary>The cgroup hook a program chosen for <c>--cgroup</c> attaches at, from its section.</summary>
    private static string CgroupHookOf(BpfProgram program)
    {
        if (program.Type is not (BpfProgramType.CgroupSockAddr or BpfProgramType.CgroupSkb))
            throw new LoaderException(LoaderErrorKind.InvalidArgument,
                $"program '{program.Name}' is a {program.Type} program; --cgroup attaches programs for a cgroup's socket-address hooks (cgroup/sendmsg4, ...) and skb hooks (cgroup_skb/ingress, cgroup_skb/egress)");
        return CgroupHooks.HookOf(program.SectionName) ?? throw new LoaderException(LoaderErrorKind.Unsupported,
            $"program '{program.Name}' is in section {program.SectionName}; traitsbpf attaches the AF_INET and AF_INET6 socket-address hooks (cgroup/bind4 ... cgroup/getsockname6) and cgroup_skb/ingress and egress");
    }

    private void Registry(State state)
    {
        // The stash's maps are the host's for every object that has them: stash programs and the reaper.
        if (state.Object!.Maps.Any(m => m.Name == Abi.TraitStashFormat.MapName))
        {
            state.RegistryLock ??= attachments.Lock();
            state.StashMaps = new HostTraitStash(attachments.Layout, logger).Share(state.Object);
        }

        if (state.Manifest is not { } manifest)
            return;
        var owner = state.Owner;
        TraitKfuncSupport.Require(manifest, KernelFeatures.Current, owner);
        // Keys are planned now but registered only at the commit point, under a lock held until then:
        // a load that fails registers nothing, and no other load can take these keys meanwhile.
        state.RegistryLock ??= attachments.Lock();
        // Taggers and readers loaded separately must keep traits in one place: the host's backend is recorded by the first.
        state.Backend = new HostTraitBackend(attachments.Layout, logger);
        state.Backend.Require(manifest.Backend, owner);
        state.Registry = new HostTraitRegistry(attachments.Layout, logger);
        state.Assignment = state.Registry.Plan(manifest, owner);
        TraitKeyBinding.Apply(state.Object!, manifest, state.Assignment.Keys);
        state.Traits = new ObjectTraits(manifest, state.Assignment.Keys);
        logger.LogInformation("traits: {Summary}", state.Traits.Summary);
    }

    private static void CommitTraits(State state)
    {
        RegisterTraits(state);
        state.RegistryLock?.Dispose();
        state.RegistryLock = null;
    }

    private static void RegisterTraits(State state)
    {
        if (state.Assignment is { } assignment)
            state.Registry!.Commit(assignment);
        if (state.Manifest is { } manifest)
            state.Backend?.Record(manifest.Backend, state.Owner);
    }

    // The names go into the registry just before the attachment commits: a crash between leaves
    // registered names no program uses (`traits --gc` frees them), never a program whose names
    // another load could be given other keys for.
    private static void Record(State state)
    {
        RegisterTraits(state);
        try
        {
            state.Record = state.Writer!.Record();
        }
        catch
        {
            if (state.Assignment is { } registered)
                state.Registry!.Withdraw(registered);
            throw;
        }
    }

    private void Attach(State state)
    {
        var request = state.Request;
        state.Shield = request.Shield?.Invoke();
        var options = new AttachOptions(request.Name, request.Replace, state.Image!.Origin, state.Traits?.ToRecord());
        state.Writer = attachments.BeginAttach(state.Object!, state.Program!, state.Target!, options);
        state.Writer.Attach();
    }

    /// <summary>What the steps made so far.</summary>
    private sealed class State(LoadRequest request)
    {
        public LoadRequest Request => request;

        public ObjectImage? Image { get; set; }

        public BpfObject? Object { get; set; }

        public BpfProgram? Program { get; set; }

        /// <summary>The chosen program as messages name it: <c>program 'tagger' (tagger.dll)</c>.</summary>
        public string Owner => $"program '{Program!.Name}' ({Image!.Origin})";

        /// <summary>Where the program is attached: the request's target, with a tracing program's section filled in.</summary>
        public AttachTarget? Target { get; set; }

        public TraitManifest? Manifest { get; set; }

        /// <summary>The device the program is bound to for its receive-metadata kfuncs; null when unbound.</summary>
        public DeviceBinding? Binding { get; set; }

        public ObjectTraits? Traits { get; set; }

        public IDisposable? Shield { get; set; }

        public AttachmentWriter? Writer { get; set; }

        public AttachmentRecord? Record { get; set; }

        public IDisposable? RegistryLock { get; set; }

        /// <summary>The host's record of its traits backend, which the commit point writes when it is empty.</summary>
        public HostTraitBackend? Backend { get; set; }

        /// <summary>The host's stash maps, held open until the object that shares them is loaded.</summary>
        public IDisposable? StashMaps { get; set; }

        /// <summary>The dispatcher the program is loaded as an extension of, held open until the load.</summary>
        public IDisposable? DispatcherTarget { get; set; }

        public HostTraitRegistry? Registry { get; set; }

        public TraitAssignment? Assignment { get; set; }
    }
}
