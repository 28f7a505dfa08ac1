using System.Runtime.InteropServices;
using System.Text;
using TraitsBpf.Loader.Interop;
using TraitsBpf.Loader.Skeleton;
using TraitsBpf.Object;

namespace TraitsBpf.Loader;

/// <summary>
/// A BPF ELF object opened with libbpf: its programs and maps, its read-only variables
/// (settable before <see cref="Load"/>), and after loading, live kernel descriptors.
/// Disposing it closes every descriptor it owns; pinned or attached programs stay in
/// the kernel through their pins and links.
/// </summary>
public sealed unsafe class BpfObject : IDisposable
{
    private const int InitialLogSize = 1 << 20;
    private const int MaximumLogSize = 1 << 30;

    private readonly byte[] _image;
    private readonly List<BpfProgram> _programs = [];
    private readonly List<BpfMap> _maps = [];
    private readonly List<RodataVariable> _constants = [];
    private readonly List<DataSectionVariable> _variables = [];
    private readonly Dictionary<DataSectionVariable, int> _variableMap = [];
    private readonly Dictionary<DataSectionVariable, byte[]> _variableValues = [];
    private readonly Dictionary<int, MappedSection> _mappedSections = [];
    private readonly List<bool> _autoload = [];
    private readonly Dictionary<int, (int TargetFd, string Function, uint Priority)> _extensionTargets = [];
    private readonly Dictionary<int, IBpfMap> _reusedMaps = [];
    private BpfObjectHandle _handle;
    private string? _mapPinRoot;
    private nint[] _programPointers = [];
    private nint[] _mapPointers = [];
    private bool _loadAttempted;

    private BpfObject(byte[] image, string name)
    {
        _image = image;
        Name = name;
        _handle = OpenNative();
        foreach (var pointer in _programPointers)
            _autoload.Add(Native.bpf_program__autoload(pointer));
        Describe();
    }

    /// <summary>
    /// The directory libbpf pins the maps declared with <c>pinning = LIBBPF_PIN_BY_NAME</c> in (C# <c>[Pinned]</c>),
    /// each under its name, and where a later load finds them to reuse (libbpf's <c>pin_root_path</c>); null is
    /// libbpf's default, <c>/sys/fs/bpf</c>. Set it before <see cref="Load"/>: the object is opened again with it.
    /// </summary>
    public string? MapPinRoot
    {
        get => _mapPinRoot;
        set
        {
            ThrowIfLoaded("change where its maps are pinned");
            _mapPinRoot = value;
            Reopen();
        }
    }

    /// <summary>The object's name: the file name without extension, or the name given to <see cref="OpenMemory(ReadOnlySpan{byte}, string)"/>.</summary>
    public string Name { get; }

    /// <summary>True once <see cref="Load"/> succeeded.</summary>
    public bool IsLoaded { get; private set; }

    /// <summary>The ELF bytes the object was opened from.</summary>
    public ReadOnlyMemory<byte> Image => _image;

    /// <summary>The object's programs, in section order.</summary>
    public IReadOnlyList<BpfProgram> Programs => _programs;

    /// <summary>The object's maps, including the internal .data/.bss/.rodata maps.</summary>
    public IReadOnlyList<BpfMap> Maps => _maps;

    /// <summary>The variables of the object's .rodata sections, which <see cref="SetConstant(string, ReadOnlySpan{byte})"/> can set before load.</summary>
    public IReadOnlyList<RodataVariable> Constants => _constants;

    /// <summary>The variables of the object's .data, .bss and .rodata sections, which <see cref="ReadVariable"/> and <see cref="WriteVariable"/> reach by name.</summary>
    public IReadOnlyList<DataSectionVariable> Variables => _variables;

    /// <summary>Opens the BPF ELF object at <paramref name="path"/> (nothing reaches the kernel until <see cref="Load"/>).</summary>
    /// <exception cref="LoaderException">The file is missing, unreadable, or not a BPF object.</exception>
    public static BpfObject Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] image;
        try
        {
            image = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new LoaderException(LoaderErrorKind.FileNotFound, $"file '{path}' does not exist");
        }
        catch (UnauthorizedAccessException)
        {
            throw new LoaderException(LoaderErrorKind.PermissionDenied, $"file '{path}' cannot be read: permission denied");
        }
        catch (IOException e)
        {
            throw new LoaderException(LoaderErrorKind.NotAnObject, $"file '{path}' cannot be read: {e.Message}");
        }

        var name = Path.GetFileName(path);
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0)
            name = name[..dot];
        Validate(image, $"'{path}'");
        return new BpfObject(image, name);
    }

    /// <summary>Opens a BPF ELF object from memory; <paramref name="name"/> names it (and prefixes its internal map names).</summary>
    /// <exception cref="LoaderException">The bytes are not a BPF object.</exception>
    public static BpfObject OpenMemory(ReadOnlySpan<byte> elf, string name) => OpenMemory(elf, name, origin: null);

    /// <summary>
    /// Opens a BPF ELF object from memory that came from <paramref name="origin"/> (a file the
    /// user named), so that errors about malformed bytes name that file.
    /// </summary>
    /// <exception cref="LoaderException">The bytes are not a BPF object.</exception>
    public static BpfObject OpenMemory(ReadOnlySpan<byte> elf, string name, string? origin)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Validate(elf, origin is null ? $"object '{name}'" : $"'{origin}'");
        return new BpfObject(elf.ToArray(), name);
    }

    /// <summary>The shared object check, before libbpf parses the bytes; its sentence becomes a <see cref="LoaderErrorKind.NotAnObject"/>.</summary>
    private static void Validate(ReadOnlySpan<byte> image, string what)
    {
        try
        {
            ObjectImageCheck.Validate(image, what);
        }
        catch (ObjectFormatException e)
        {
            throw new LoaderException(LoaderErrorKind.NotAnObject, e.Message);
        }
    }

    /// <summary>The program called <paramref name="name"/>.</summary>
    /// <exception cref="LoaderException">There is no such program; the message lists the ones there are.</exception>
    public BpfProgram Program(string name) =>
        _programs.FirstOrDefault(p => p.Name == name)
        ?? throw new LoaderException(LoaderErrorKind.ProgramNotFound,
            $"object '{Name}' has no program named '{name}'; its programs are: {List(_programs.Select(p => p.Name))}");

    /// <summary>
    /// The map called <paramref name="name"/>. Internal maps can also be named by their
    /// section (<c>.rodata</c>, <c>.bss</c>), whatever prefix libbpf gave them.
    /// </summary>
    /// <exception cref="LoaderException">There is no such map; the message lists the ones there are.</exception>
    public BpfMap Map(string name) =>
        _maps.FirstOrDefault(m => m.Name == name)
        ?? _maps.FirstOrDefault(m => m.IsInternal && name.StartsWith('.') && m.Name.EndsWith(name, StringComparison.Ordinal))
        ?? throw new LoaderException(LoaderErrorKind.MapNotFound,
            $"object '{Name}' has no map named '{name}'; its maps are: {List(_maps.Select(m => m.Name))}");

    /// <summary>
    /// Makes the object's map <paramref name="name"/> the existing map <paramref name="existing"/> (libbpf's
    /// bpf_map__reuse_fd) instead of creating its own at load: objects loaded separately then share it.
    /// The caller keeps <paramref name="existing"/> open until the object is loaded.
    /// </summary>
    /// <exception cref="LoaderException">There is no such map, or the existing one differs from its definition.</exception>
    public void ReuseMap(string name, IBpfMap existing)
    {
        ArgumentNullException.ThrowIfNull(existing);
        var map = Map(name);
        if (map.Type != existing.Type || map.KeySize != existing.KeySize || map.ValueSize != existing.ValueSize || map.MaxEntries != existing.MaxEntries)
            throw new LoaderException(LoaderErrorKind.Failed,
                $"map '{name}' of object '{Name}' ({map.Type}, {map.KeySize}-byte keys, {map.ValueSize}-byte values, {map.MaxEntries} entries) differs from the existing map it must share ({existing.Type}, {existing.KeySize}, {existing.ValueSize}, {existing.MaxEntries})");
        ThrowIfLoaded("share a map");
        _reusedMaps[map.Index] = existing;
        ApplyReusedMap(map.Index);
    }

    /// <summary>Sets a .rodata variable to <paramref name="value"/> (exactly its size, little-endian) before load.</summary>
    public void SetConstant(string name, ReadOnlySpan<byte> value)
    {
        var variable = Constant(name);
        if (value.Length != variable.Size)
            throw new LoaderException(LoaderErrorKind.InvalidArgument,
                $"variable '{name}' is {variable.Size} bytes, but {value.Length} were given");
        ThrowIfLoaded("set a .rodata variable");
        SetInitialValue(Variable(name), value);
    }

    /// <summary>Sets a .rodata variable from text: a decimal or 0x-hex integer checked against its type's range, or true/false.</summary>
    public void SetConstant(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        SetConstant(name, RodataValueParser.Parse(Constant(name), value));
    }

    /// <summary>
    /// Copies the value of global <paramref name="name"/> into <paramref name="destination"/> (exactly its size): before
    /// <see cref="Load"/> the value the object will be loaded with, after it the live value in the kernel, which the
    /// programs may be changing.
    /// </summary>
    /// <exception cref="LoaderException">There is no such variable.</exception>
    public void ReadVariable(string name, Span<byte> destination)
    {
        var variable = Variable(name);
        CheckSize(variable, destination.Length);
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        if (IsLoaded)
            Section(variable).Read(variable.Offset, destination);
        else
            InitialValue(variable).CopyTo(destination);
    }

    /// <summary>
    /// Sets global <paramref name="name"/> to <paramref name="value"/> (exactly its size, little-endian): before
    /// <see cref="Load"/> the value the object is loaded with (any section), after it the live value of a .data or .bss
    /// variable, written in place in the kernel's memory (an aligned integer of 1, 2, 4 or 8 bytes in one store, so
    /// programs never see half of it). A .rodata variable is frozen once loaded.
    /// </summary>
    /// <exception cref="LoaderException">There is no such variable.</exception>
    /// <exception cref="InvalidOperationException">The variable is .rodata and the object is loaded.</exception>
    public void WriteVariable(string name, ReadOnlySpan<byte> value)
    {
        var variable = Variable(name);
        CheckSize(variable, value.Length);
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        if (!IsLoaded)
        {
            SetInitialValue(variable, value);
            return;
        }

        if (variable.IsReadOnly)
            throw new InvalidOperationException($"variable '{name}' is in {variable.Section}, which the kernel froze when object '{Name}' was loaded; set it before Load");
        Section(variable).Write(variable.Offset, value);
    }

    /// <summary>
    /// Loads every program (with <see cref="BpfProgram.Autoload"/> set) and creates every
    /// map in the kernel. The verifier log is captured in a buffer that grows until the
    /// whole log fits.
    /// </summary>
    /// <exception cref="VerifierException">The verifier rejected a program.</exception>
    /// <exception cref="LoaderException">Anything else failed (map creation, relocation, permissions).</exception>
    public void Load()
    {
        ThrowIfLoaded("load it");
        // libbpf refuses a second load of a bpf_object, even after a failed one; start over from the image.
        if (_loadAttempted)
            Reopen();
        _loadAttempted = true;
        var logSize = InitialLogSize;
        while (true)
        {
            var log = (byte*)NativeMemory.AllocZeroed((nuint)logSize);
            try
            {
                foreach (var program in _programPointers)
                    Native.bpf_program__set_log_buf(program, log, (nuint)logSize);
                LibbpfLog.ResetLastWarning();
                var rc = Native.bpf_object__load(_handle.Pointer);
                foreach (var program in _programPointers)
                    Native.bpf_program__set_log_buf(program, null, 0);
                if (rc == 0)
                {
                    IsLoaded = true;
                    return;
                }

                var text = Marshal.PtrToStringUTF8((nint)log) ?? string.Empty;
                var truncated = rc == -Errno.ENOSPC && Encoding.UTF8.GetByteCount(text) >= logSize - 2;
                if (truncated && logSize < MaximumLogSize)
                {
                    // libbpf refuses a second load of the same bpf_object, so start over from the image.
                    logSize *= 4;
                    Reopen();
                    continue;
                }
                throw LoadFailure(rc, text);
            }
            finally
            {
                NativeMemory.Free(log);
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var section in _mappedSections.Values)
            section.Dispose();
        _mappedSections.Clear();
        _handle.Dispose();
    }

    internal int ProgramFd(int index, string name)
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        if (!IsLoaded)
            throw new InvalidOperationException($"program '{name}' has no descriptor until object '{Name}' is loaded");
        var fd = Native.bpf_program__fd(_programPointers[index]);
        if (fd < 0)
            throw new InvalidOperationException($"program '{name}' was not loaded (its Autoload was off)");
        return fd;
    }

    internal int MapFd(int index, string name)
    {
        if (!IsLoaded)
            throw new InvalidOperationException($"map '{name}' has no descriptor until object '{Name}' is loaded");
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        return Native.bpf_map__fd(_mapPointers[index]);
    }

    internal string? MapPinPath(int index)
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        var path = Native.bpf_map__pin_path(_mapPointers[index]);
        return path is null ? null : Text(path);
    }

    internal bool GetAutoload(int index) => _autoload[index];

    internal void SetAutoload(int index, bool value)
    {
        ThrowIfLoaded("change which programs load");
        _autoload[index] = value;
        Native.bpf_program__set_autoload(_programPointers[index], value);
    }

    internal bool IsExtension(int index) => _extensionTargets.ContainsKey(index);

    /// <summary>BPF_F_XDP_DEV_BOUND_ONLY: bound to a device for its metadata kfuncs, not offloaded to it.</summary>
    private const uint XdpDeviceBoundOnly = 1u << 6;

    internal void BindToDevice(int index, int ifindex)
    {
        ThrowIfLoaded("bind a program to a device");
        var program = _programPointers[index];
        Native.bpf_program__set_ifindex(program, (uint)ifindex);
        var rc = Native.bpf_program__set_flags(program, Native.bpf_program__flags(program) | XdpDeviceBoundOnly);
        if (rc < 0)
            throw new LoaderException(LoaderErrorKind.Failed, $"binding program '{_programs[index].Name}' to a device failed: {Errno.Describe(rc)}") { Errno = -rc };
    }

    internal void SetExtensionTarget(int index, int targetFd, string function, uint priority)
    {
        ThrowIfLoaded("make a program an extension");
        _extensionTargets[index] = (targetFd, function, priority);
        ApplyExtensionTarget(index);
    }

    private void ApplyExtensionTarget(int index)
    {
        const int progTypeExt = 28;
        var (targetFd, function, priority) = _extensionTargets[index];
        var program = _programPointers[index];
        var btf = Native.bpf_object__btf(_handle.Pointer);
        if (btf == 0)
            throw new LoaderException(LoaderErrorKind.InvalidArgument, $"program '{_programs[index].Name}' has no BTF, which libxdp's dispatcher needs to take it");
        Attach.XdpRunConfig.Write(btf, _programs[index].Name, priority);
        Native.bpf_program__set_type(program, progTypeExt);
        Native.bpf_program__set_expected_attach_type(program, 0);
        var rc = Native.bpf_program__set_attach_target(program, targetFd, function);
        if (rc < 0)
            throw new LoaderException(LoaderErrorKind.Failed, $"libbpf cannot make program '{_programs[index].Name}' an extension of {function}: {Errno.Describe(rc)}") { Errno = -rc };
    }

    private DataSectionVariable Variable(string name) =>
        _variables.FirstOrDefault(v => v.Name == name)
        ?? throw new LoaderException(LoaderErrorKind.MapNotFound, _variables.Count == 0
            ? $"object '{Name}' has no global variables, so it has no '{name}'"
            : $"object '{Name}' has no global variable named '{name}'; its variables are: {List(_variables.Select(v => v.Name))}");

    private static void CheckSize(DataSectionVariable variable, int length)
    {
        if (length != variable.Size)
            throw new LoaderException(LoaderErrorKind.InvalidArgument,
                $"variable '{variable.Name}' is {variable.Size} bytes, but {length} were given");
    }

    private void SetInitialValue(DataSectionVariable variable, ReadOnlySpan<byte> value)
    {
        _variableValues[variable] = value.ToArray();
        ApplyInitialValue(variable);
    }

    private Span<byte> InitialValue(DataSectionVariable variable)
    {
        nuint size;
        var data = (byte*)Native.bpf_map__initial_value(_mapPointers[_variableMap[variable]], &size);
        if (data is null || (nuint)(variable.Offset + variable.Size) > size)
            throw new LoaderException(LoaderErrorKind.Failed, $"libbpf exposes no initial value for the section of variable '{variable.Name}'");
        return new Span<byte>(data + variable.Offset, variable.Size);
    }

    /// <summary>The kernel's memory of the variable's section, mapped into this process the first time it is needed.</summary>
    private MappedSection Section(DataSectionVariable variable)
    {
        var index = _variableMap[variable];
        if (!_mappedSections.TryGetValue(index, out var section))
        {
            var map = _maps[index];
            section = MappedSection.Map(MapFd(index, map.Name), map.Name, map.ValueSize, writable: !variable.IsReadOnly);
            _mappedSections[index] = section;
        }
        return section;
    }

    private RodataVariable Constant(string name) =>
        _constants.FirstOrDefault(c => c.Name == name)
        ?? throw new LoaderException(LoaderErrorKind.MapNotFound, _constants.Count == 0
            ? $"object '{Name}' has no .rodata variables, so '{name}' cannot be set"
            : $"object '{Name}' has no .rodata variable named '{name}'; its variables are: {List(_constants.Select(c => c.Name))}");

    private BpfObjectHandle OpenNative()
    {
        LibbpfLog.EnsureInstalled();
        LibbpfLog.ResetLastWarning();
        var name = Encoding.UTF8.GetBytes(Name + "\0");
        var pinRoot = _mapPinRoot is null ? null : Encoding.UTF8.GetBytes(_mapPinRoot + "\0");
        nint obj;
        fixed (byte* image = _image)
        fixed (byte* objectName = name)
        fixed (byte* mapPinRoot = pinRoot)
        {
            var opts = new BpfObjectOpenOpts { sz = (nuint)sizeof(BpfObjectOpenOpts), object_name = objectName, pin_root_path = mapPinRoot };
            obj = Native.bpf_object__open_mem(image, (nuint)_image.Length, &opts);
        }
        if (obj == 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            var detail = LibbpfLog.LastWarning is { } warning ? $"{warning.TrimEnd('.')} ({Errno.Describe(errno)})" : Errno.Describe(errno);
            throw new LoaderException(LoaderErrorKind.NotAnObject, $"libbpf cannot open object '{Name}': {detail}") { Errno = errno };
        }

        var handle = new BpfObjectHandle(obj);
        _programPointers = Enumerate(obj, &Native.bpf_object__next_program);
        _mapPointers = Enumerate(obj, &Native.bpf_object__next_map);
        return handle;
    }

    private void Describe()
    {
        for (var i = 0; i < _programPointers.Length; i++)
        {
            var p = _programPointers[i];
            _programs.Add(new BpfProgram(this, i, Text(Native.bpf_program__name(p)), Text(Native.bpf_program__section_name(p)),
                (BpfProgramType)Native.bpf_program__type(p)) { MapSlot = XdpMapSlots.Of(Native.bpf_program__expected_attach_type(p)) });
        }
        for (var i = 0; i < _mapPointers.Length; i++)
        {
            var m = _mapPointers[i];
            _maps.Add(new BpfMap(this, i, Text(Native.bpf_map__name(m)), (BpfMapType)Native.bpf_map__type(m),
                (int)Native.bpf_map__key_size(m), (int)Native.bpf_map__value_size(m), (int)Native.bpf_map__max_entries(m),
                Native.bpf_map__is_internal(m)));
        }
        foreach (var (mapIndex, variable) in DataSectionVariableReader.Read(_handle.Pointer, _mapPointers))
        {
            _variables.Add(variable);
            _variableMap[variable] = mapIndex;
            if (variable.IsReadOnly)
                _constants.Add(new RodataVariable(variable.Name, variable.Section, variable.Offset, variable.Size, variable.Kind));
        }
    }

    private void Reopen()
    {
        var old = _handle;
        _handle = OpenNative();
        old.Dispose();
        for (var i = 0; i < _programPointers.Length; i++)
            Native.bpf_program__set_autoload(_programPointers[i], _autoload[i]);
        foreach (var index in _extensionTargets.Keys)
            ApplyExtensionTarget(index);
        foreach (var variable in _variableValues.Keys)
            ApplyInitialValue(variable);
        foreach (var index in _reusedMaps.Keys)
            ApplyReusedMap(index);
    }

    private void ApplyReusedMap(int index)
    {
        var rc = Native.bpf_map__reuse_fd(_mapPointers[index], _reusedMaps[index].Fd);
        if (rc < 0)
            throw new LoaderException(LoaderErrorKind.Failed,
                $"map '{_maps[index].Name}' of object '{Name}' cannot use the existing map '{_reusedMaps[index].Name}': {Errno.Describe(-rc)}");
    }

    private void ApplyInitialValue(DataSectionVariable variable) => _variableValues[variable].CopyTo(InitialValue(variable));

    private LoaderException LoadFailure(int rc, string log)
    {
        var culprit = Loading.LoadFailureCulprit.Read(LibbpfLog.Warnings,
            [.. _programs.Where((_, i) => _autoload[i]).Select(p => p.Name)], [.. _maps.Select(m => m.Name)], _image);
        var failing = culprit.Program is { } name ? _programs.FindIndex(p => p.Name == name) : -1;
        if (failing >= 0 && log.Length > 0)
            return new VerifierException(_programs[failing].Name, log, VerifierLogAnalysis.Parse(log), -rc);

        if (rc == -Errno.EPERM && failing >= 0 && IsTrampolineSection(_programs[failing].SectionName) && Kernel.Capabilities.VerifierPrivileged())
            return new LoaderException(LoaderErrorKind.Unsupported,
                $"the kernel refused to load {_programs[failing].SectionName} program '{_programs[failing].Name}' with EPERM although traitsbpf holds CAP_BPF and CAP_PERFMON: this kernel does not let BPF trampolines (fentry, fexit) attach there; use a tp_btf or kprobe program instead") { Errno = -rc };

        if (rc == -Errno.EPERM)
            return new LoaderException(LoaderErrorKind.PermissionDenied,
                $"loading object '{Name}' was refused: loading BPF programs needs root (CAP_BPF, CAP_NET_ADMIN and CAP_PERFMON)") { Errno = -rc };

        var reason = culprit.Warning is { } warning ? $"{warning.TrimEnd('.')} ({Errno.Describe(rc)})" : Errno.Describe(rc);
        var message = culprit switch
        {
            { Map: { } map } => $"loading object '{Name}' failed creating map '{map}', before any program was loaded: {reason}",
            { Program: { } program } => $"loading object '{Name}' failed at program '{program}': {reason}",
            _ => $"loading object '{Name}' failed before libbpf loaded any program: {reason}",
        };
        return new LoaderException(LoaderErrorKind.Failed, message) { Errno = -rc };
    }

    /// <summary>fentry and fexit programs (and their sleepable forms) load only where the kernel can build a BPF trampoline.</summary>
    private static bool IsTrampolineSection(string section) =>
        section.StartsWith("fentry", StringComparison.Ordinal) || section.StartsWith("fexit", StringComparison.Ordinal);

    private void ThrowIfLoaded(string action)
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        if (IsLoaded)
            throw new InvalidOperationException($"object '{Name}' is already loaded; cannot {action}");
    }

    private static nint[] Enumerate(nint obj, delegate* managed<nint, nint, nint> next)
    {
        var result = new List<nint>();
        for (var item = next(obj, 0); item != 0; item = next(obj, item))
            result.Add(item);
        return [.. result];
    }

    private static string Text(byte* text) => Marshal.PtrToStringUTF8((nint)text) ?? string.Empty;

    private static string List(IEnumerable<string> names)
    {
        var all = names.ToList();
        return all.Count == 0 ? "(none)" : string.Join(", ", all);
    }
}
