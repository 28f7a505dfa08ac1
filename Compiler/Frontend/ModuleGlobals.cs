using System.Buffers.Binary;
using TraitsBpf.Compiler.Diagnostics;
using TraitsBpf.Compiler.Il;
using TraitsBpf.Compiler.Ir;
using TraitsBpf.Object;

namespace TraitsBpf.Compiler.Frontend;

/// <summary>
/// The maps and global variables of an object, created the first time a program touches the
/// static field behind them: SDK map fields become maps, <c>static readonly</c> numbers and
/// structs become .rodata, other static fields .data or .bss. Each field is one object symbol
/// however many programs use it.
/// </summary>
internal sealed class ModuleGlobals(TypeSystem types)
{
    private const string ConstantDataPrefix = "__const_";

    private readonly Dictionary<FieldDesc, IrMap> maps = [];
    private readonly Dictionary<FieldDesc, IrGlobal> globals = [];
    private readonly StaticConstructorInterpreter initializers = new(types);
    private readonly Dictionary<string, IrGlobal> strings = new(StringComparer.Ordinal);
    private readonly Dictionary<FieldDesc, NamedTrait> traits = [];
    private readonly SortedSet<int> reservedKeys = [];
    private readonly SortedDictionary<string, MethodDesc?> kfuncs = new(StringComparer.Ordinal);

    public IReadOnlyCollection<IrMap> Maps => maps.Values;

    public IEnumerable<IrGlobal> Globals => globals.Values.Concat(strings.Values).Concat(traits.Values.Select(t => t.KeyVariable));

    /// <summary>Traits declared by name that some program uses.</summary>
    public IReadOnlyCollection<NamedTrait> Traits => traits.Values;

    /// <summary>Constant integer trait keys the programs use, which the registry must not hand out.</summary>
    public IReadOnlyCollection<int> ReservedKeys => reservedKeys;

    /// <summary>
    /// Kernel functions the programs call, each with the <c>[Kfunc]</c> method that declares its
    /// prototype, or null for the kfuncs the compiler calls on its own (traits, the context cast).
    /// </summary>
    public IReadOnlyDictionary<string, MethodDesc?> Kfuncs => kfuncs;

    public void ReserveKey(int key) => reservedKeys.Add(key);

    /// <summary>Whether any program uses traits at all (then the object records its backend).</summary>
    public bool UsesTraits { get; set; }

    public void UseKfunc(string name) => kfuncs.TryAdd(name, null);

    /// <summary>
    /// Records a call of kfunc <paramref name="name"/> through <paramref name="declaration"/>; one
    /// object has one prototype per kfunc, so two declarations must agree on it.
    /// </summary>
    public void UseKfunc(string name, MethodDesc declaration, SourceLocation? location)
    {
        if (!kfuncs.TryGetValue(name, out var known))
        {
            kfuncs[name] = declaration;
            return;
        }

        if (known is null)
        {
            throw new CompileException($"'{declaration.FullName}' declares kfunc '{name}', which the compiler itself calls with the kernel's prototype; call it through the SDK", location);
        }

        if (!KfuncPrototype.SameSignature(known, declaration))
        {
            throw new CompileException($"kfunc '{name}' is declared twice with different signatures, by '{known.FullName}' and '{declaration.FullName}'; an object has one prototype per kfunc", location);
        }
    }

    /// <summary>The named trait a <c>static readonly Trait&lt;T&gt;</c> field declares.</summary>
    public NamedTrait TraitFor(FieldDesc field, SourceLocation? location)
    {
        if (traits.TryGetValue(field, out var known))
        {
            return known;
        }

        var initial = InitialValue(field);
        if (initial is StaticValue.Unknown unknown)
        {
            throw new CompileException($"trait field '{field.Name}' must be initialized with 'new(\"name\")' and a constant name; it is initialized with {unknown.Why}", unknown.Location ?? location);
        }

        if (!field.IsInitOnly || initial is not StaticValue.TraitDeclaration declaration)
        {
            throw new CompileException($"trait field '{field.Name}' must be 'static readonly' and initialized with 'new(\"name\")' and a constant name", location);
        }

        var valueType = field.FieldType.GenericArguments[0];
        int size = TraitTypes.SizeOf(valueType);
        if (!TraitTypes.IsValidSize(size))
        {
            throw new CompileException($"trait '{declaration.Name}' has a value of {size} bytes ({valueType.Name}); trait values are {Abi.TraitValueSizes.Description}", location);
        }

        if (!Abi.TraitNames.IsValid(declaration.Name))
        {
            throw new CompileException($"trait name '{declaration.Name}' must be {Abi.TraitNames.Rule}", location);
        }

        var clash = traits.Values.FirstOrDefault(t => t.Name == declaration.Name);
        if (clash is not null && (clash.Size != size || clash.ValueType != valueType))
        {
            throw new CompileException($"trait '{declaration.Name}' is declared as Trait<{clash.ValueType.Name}> and as Trait<{valueType.Name}>; one name has one type", location);
        }

        // Until the loader sets it, the key is one past the last, which every trait operation refuses (-EINVAL).
        var keyVariable = clash?.KeyVariable ?? new IrGlobal($"__trait_{declaration.Name}", null, GlobalSection.Rodata, BitConverter.GetBytes((ulong)Abi.TraitKeys.Unassigned)) { IsKey = true };
        var trait = new NamedTrait(declaration.Name, valueType, size, keyVariable);
        traits[field] = trait;
        return trait;
    }

    /// <summary>A string literal as a NUL-terminated char array in .rodata, one per distinct string.</summary>
    public IrGlobal StringLiteral(string text)
    {
        if (!strings.TryGetValue(text, out var global))
        {
            byte[] bytes = [.. System.Text.Encoding.UTF8.GetBytes(text), 0];
            global = new IrGlobal($"__str_{strings.Count}", null, GlobalSection.Rodata, bytes);
            strings[text] = global;
        }

        return global;
    }

    public static bool IsMapType(TypeDesc type) => MapKind.Of(type.FullName) is not null;

    public IrMap MapFor(FieldDesc field, SourceLocation? location)
    {
        if (maps.TryGetValue(field, out var known))
        {
            return known;
        }

        if (!field.IsInitOnly)
        {
            throw new CompileException($"map field '{field.Name}' must be 'static readonly': a map is created once, when the program is loaded", location);
        }

        if (field.DataSection is not null)
        {
            throw new CompileException($"map field '{field.Name}' has [DataSection]; a map is defined in .maps, and [DataSection] places global variables", location);
        }

        var value = InitialValue(field);
        if (value is not StaticValue.Map map)
        {
            string why = value is StaticValue.Unknown u ? u.Why : "no initializer";
            throw new CompileException($"map field '{field.Name}' must be initialized with 'new {field.FieldType.Name}(...)' and constant arguments ({why})", (value as StaticValue.Unknown)?.Location ?? location);
        }

        if (maps.Values.Any(m => m.Name == field.Name) || globals.Values.Any(g => g.Name == field.Name))
        {
            throw new CompileException($"two static fields are named '{field.Name}'; maps and globals share one namespace in the object, so rename one", location);
        }

        var result = Describe(field.Name, field.FieldType, map, field.IsPinned, location);
        if (map.Slots.Count > 0)
        {
            result = result with { Slots = [.. map.Slots.Select(slot => Slot(result, slot.Index, slot.Map, location))] };
        }

        maps[field] = result;
        return result;
    }

    /// <summary>What a map declaration of <paramref name="type"/> defines: the map itself, or a map of maps' inner template.</summary>
    private IrMap Describe(string name, TypeDesc type, StaticValue.Map map, bool pinned, SourceLocation? location)
    {
        var kind = MapKind.Of(type.FullName)!;
        var arguments = type.GenericArguments;
        var key = kind.KeyArgument >= 0 ? arguments[kind.KeyArgument] : null;
        var valueType = kind.ValueArgument >= 0 ? arguments[kind.ValueArgument] : null;
        foreach (var t in new[] { key, valueType })
        {
            if (t is not null && t.Kind is TypeKind.Class or TypeKind.Other)
            {
                throw new CompileException($"map field '{name}' has element type '{t.FullName}', which is not an unmanaged type", location);
            }
        }

        bool sized = kind.Sized;
        int maxEntries = sized ? (int)map.Arguments[0] : 0;
        if (sized && (maxEntries < 0 || (maxEntries == 0 && !kind.ZeroMeansPossibleCpus)))
        {
            throw new CompileException($"map field '{name}' must have at least one entry", location);
        }

        uint flags = (sized && map.Arguments.Count > 1 ? (uint)map.Arguments[1] : 0) | kind.RequiredFlags;
        if (valueType is not null)
        {
            CheckSpecialFields(name, kind.MapType, valueType, location);
        }

        if (kind.MapType == BpfMapType.LpmTrie)
        {
            CheckLpmKey(name, key!, location);
        }

        if (kind.MapType is BpfMapType.RingBuffer or BpfMapType.UserRingBuffer && (maxEntries < 4096 || (maxEntries & (maxEntries - 1)) != 0))
        {
            throw new CompileException($"{(kind.MapType == BpfMapType.RingBuffer ? "ring buffer" : "user ring buffer")} '{name}' must be a power of two of at least 4096 bytes", location);
        }

        uint extra = kind.MapType == BpfMapType.BloomFilter ? BloomHashFunctions(name, map, location) : 0;
        var inner = kind.HoldsMaps ? InnerTemplate(name, arguments[kind.InnerArgument], map, location) : null;
        return new IrMap(name, kind.MapType, key, valueType, kind.KeySize, ValueSize(kind, map), maxEntries, flags, pinned, extra, inner);
    }

    /// <summary>
    /// A value holding a <c>BpfSpinLock</c> or a <c>BpfTimer</c> (found in nested structs too, as the kernel finds them):
    /// at most one of each, in the map types the kernel allows them in (kernel/bpf/syscall.c, map_check_btf), which
    /// would otherwise refuse to create the map when the object loads.
    /// </summary>
    private static void CheckSpecialFields(string name, BpfMapType mapType, TypeDesc valueType, SourceLocation? location)
    {
        (string Kernel, string CSharp, BpfMapType[] Allowed)[] specials =
        [
            ("bpf_spin_lock", "BpfSpinLock", [BpfMapType.Hash, BpfMapType.Array]),
            ("bpf_timer", "BpfTimer", [BpfMapType.Hash, BpfMapType.LruHash, BpfMapType.Array]),
        ];
        foreach (var (kernel, csharp, allowed) in specials)
        {
            int count = CountFields(valueType, kernel);
            if (count > 1)
            {
                throw new CompileException($"map field '{name}' has {count} {csharp} fields in its value '{valueType.Name}'; the kernel takes one per value", location);
            }

            if (count == 1 && !allowed.Contains(mapType))
            {
                throw new CompileException($"map field '{name}' holds a {csharp} in its value, which the kernel allows only in {string.Join(" and ", allowed.Select(MapKind.ClassName))} maps", location);
            }
        }
    }

    private static int CountFields(TypeDesc type, string kernelName) =>
        type.Kind != TypeKind.Struct ? 0
        : type.KernelName == kernelName ? 1
        : type.Fields.Sum(f => CountFields(f.FieldType, kernelName));

    /// <summary>
    /// The value size of a map whose values are not typed: a CPU or device map declared with <c>programs: true</c> (its
    /// third constructor argument) holds C's <c>struct bpf_cpumap_val</c> or <c>struct bpf_devmap_val</c>, the 4-byte
    /// target and the program's descriptor or id, as a C declaration with <c>__uint(value_size, sizeof(struct bpf_cpumap_val))</c>.
    /// </summary>
    private static int ValueSize(MapKind kind, StaticValue.Map map) =>
        kind.HoldsSlotPrograms && map.Arguments.Count > 2 && map.Arguments[2] != 0 ? 2 * sizeof(uint) : kind.ValueSize;

    /// <summary>
    /// A map of maps' inner map template, the map its constructor was given: any SDK map the kernel can hold in
    /// another (not a program array, which has no inner-map check, nor a map of maps, which the kernel does not nest).
    /// </summary>
    private IrMap InnerTemplate(string outer, TypeDesc innerType, StaticValue.Map map, SourceLocation? location)
    {
        var innerKind = MapKind.Of(innerType.FullName);
        if (innerKind is null || innerKind.HoldsMaps || innerKind.MapType == BpfMapType.ProgramArray)
        {
            string what = innerKind is null ? "not an SDK map" : innerKind.HoldsMaps ? "a map of maps, which the kernel does not nest" : "a program array, which the kernel does not hold in a map of maps";
            throw new CompileException($"map of maps '{outer}' holds '{innerType.Name}', {what}", location);
        }

        if (map.Template is not { } template || template.TypeName != innerType.FullName)
        {
            throw new CompileException($"map of maps '{outer}' must be given its inner map template as 'new {innerType.Name}(...)' with constant arguments", location);
        }

        return Describe($"{outer}.inner", innerType, template, pinned: false, location);
    }

    /// <summary>
    /// Slot <paramref name="index"/> of array of maps <paramref name="outer"/>, filled with another map field at load
    /// time: it must match the template as the kernel checks (bpf_map_meta_equal: type, key and value sizes, flags;
    /// an array's size too), or libbpf's load would fail without naming the C# line.
    /// </summary>
    private (int Index, IrMap Map) Slot(IrMap outer, long index, StaticValue.Map slotMap, SourceLocation? location)
    {
        if (index < 0 || index >= outer.MaxEntries)
        {
            throw new CompileException($"array of maps '{outer.Name}' fills slot {index}, outside its {outer.MaxEntries} entries", location);
        }

        var field = slotMap.Field!;
        if (MapKind.Of(field.FieldType.FullName) is { HoldsMaps: true })
        {
            throw new CompileException($"array of maps '{outer.Name}' puts map of maps '{field.Name}' in slot {index}; the kernel does not nest them", location);
        }

        var map = MapFor(field, location);
        var template = outer.Inner!;
        string? difference = map.MapType != template.MapType ? $"it is a {map.MapType} map and the template a {template.MapType} map"
            : ElementSize(map.Key, map.KeySize) != ElementSize(template.Key, template.KeySize) ? $"its key is {ElementSize(map.Key, map.KeySize)} bytes and the template's {ElementSize(template.Key, template.KeySize)}"
            : ElementSize(map.Value, map.ValueSize) != ElementSize(template.Value, template.ValueSize) ? $"its value is {ElementSize(map.Value, map.ValueSize)} bytes and the template's {ElementSize(template.Value, template.ValueSize)}"
            : map.Flags != template.Flags ? $"its flags are 0x{map.Flags:x} and the template's 0x{template.Flags:x}"
            : map.MapType is BpfMapType.Array or BpfMapType.PerCpuArray && (map.Flags & InnerMapFlag) == 0 && map.MaxEntries != template.MaxEntries ? $"it has {map.MaxEntries} entries and the template {template.MaxEntries} (an array in a map of maps keeps the template's size)"
            : null;
        if (difference is not null)
        {
            throw new CompileException($"array of maps '{outer.Name}' puts '{field.Name}' in slot {index}, which does not match its inner map template: {difference}", location);
        }

        return ((int)index, map);
    }

    /// <summary>BPF_F_INNER_MAP: an inner array map whose size may differ from the template's.</summary>
    private const uint InnerMapFlag = 1 << 12;

    private static int ElementSize(TypeDesc? type, int size) => type?.Size ?? size;

    /// <summary>
    /// A bloom filter's hash functions (its third constructor argument) as map_extra, 1 to 15 as the kernel takes
    /// them; the kernel's default, 5, is left out of the definition, as a C declaration without map_extra has it.
    /// </summary>
    private static uint BloomHashFunctions(string name, StaticValue.Map map, SourceLocation? location)
    {
        const long KernelDefault = 5, Most = 15;
        long count = map.Arguments.Count > 2 ? map.Arguments[2] : KernelDefault;
        if (count is < 1 or > Most)
        {
            throw new CompileException($"bloom filter '{name}' has {count} hash functions; the kernel takes 1 to {Most}", location);
        }

        return count == KernelDefault ? 0 : (uint)count;
    }

    /// <summary>
    /// An LPM trie key is C's <c>struct bpf_lpm_trie_key_u8</c>: a 32-bit prefix length in bits,
    /// then the address bytes the prefix counts from (1 to 256 of them, as the kernel allows).
    /// </summary>
    private static void CheckLpmKey(string name, TypeDesc key, SourceLocation? location)
    {
        const int MaxAddressBytes = 256;
        var first = key.Kind == TypeKind.Struct ? key.Fields.FirstOrDefault(f => !f.IsStatic) : null;
        if (first is null || first.Offset != 0 || first.Name != "PrefixLength" || first.FieldType.Kind != TypeKind.UInt32)
        {
            string has = first is null ? "no fields" : $"'{first.FieldType.Name} {first.Name}' first";
            throw new CompileException($"LPM trie map '{name}' has key type '{key.Name}' with {has}; an LPM trie key is a struct whose first field is 'uint PrefixLength' (the prefix in bits), followed by the address bytes", location);
        }

        int addressBytes = key.Size - sizeof(uint);
        if (addressBytes is < 1 or > MaxAddressBytes)
        {
            throw new CompileException($"LPM trie map '{name}' has key type '{key.Name}' with {addressBytes} address bytes after 'PrefixLength'; the kernel takes 1 to {MaxAddressBytes}", location);
        }
    }

    public IrGlobal GlobalFor(FieldDesc field, SourceLocation? location)
    {
        if (globals.TryGetValue(field, out var known))
        {
            return known;
        }

        if (field.IsPinned)
        {
            throw new CompileException($"static field '{field.Name}' is marked [Pinned], which pins maps; a global variable lives in libbpf's .data, .bss or .rodata map, which is not pinned by name", location);
        }

        if (field.InitialData is { } data)
        {
            return ConstantData(field, data);
        }

        var type = field.FieldType;
        if (type.Kind is TypeKind.Class or TypeKind.Other || type.Kind is TypeKind.Single or TypeKind.Double)
        {
            throw new CompileException($"static field '{field.Name}' has type '{type.FullName}'; globals must be integers, enums, pointers or structs", location);
        }

        if (maps.Values.Any(m => m.Name == field.Name) || globals.Values.Any(g => g.Name == field.Name))
        {
            throw new CompileException($"two static fields are named '{field.Name}'; maps and globals share one namespace in the object, so rename one", location);
        }

        var bytes = new byte[type.Size];
        var value = InitialValue(field);
        switch (value)
        {
            case StaticValue.Number n:
                WriteNumber(bytes, n.Value);
                break;
            case StaticValue.Bytes b:
                b.Value.AsSpan(0, bytes.Length).CopyTo(bytes);
                break;
            case StaticValue.Unknown u:
                // Never zeros in place of a value the compiler could not compute.
                throw new CompileException($"static field '{field.Name}' cannot be initialized at compile time: it is initialized with {u.Why}", u.Location ?? location);
            case not null:
                throw new CompileException($"static field '{field.Name}' of type '{type.FullName}' is initialized with a value a BPF global cannot hold", location);
        }

        if (field.DataSection is { } named && (named.Length == 0 || !named.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.')))
        {
            throw new CompileException($"[DataSection(\"{named}\")] on '{field.Name}': a section name is letters, digits, '_' and '.'", location);
        }

        // A named section holds zeros in .data.NAME, as clang puts a SEC(".data.NAME") variable: there is no .bss.NAME to choose.
        var section = field.IsInitOnly ? GlobalSection.Rodata
            : bytes.Any(b => b != 0) || field.DataSection is not null ? GlobalSection.Data
            : GlobalSection.Bss;
        var global = new IrGlobal(field.Name, type, section, bytes) { Subsection = field.DataSection };
        globals[field] = global;
        return global;
    }

    /// <summary>
    /// The data of an RVA field (a constant table C# compiled into the assembly image) as a
    /// char array in .rodata. The field's name, a hash of the data that may start with a digit,
    /// follows a prefix that makes it a C identifier, so the symbol still names its field.
    /// </summary>
    private IrGlobal ConstantData(FieldDesc field, byte[] data)
    {
        string name = ConstantDataPrefix + string.Concat(field.Name.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_'));
        var global = new IrGlobal(name, null, GlobalSection.Rodata, data.ToArray());
        globals[field] = global;
        return global;
    }

    private static void WriteNumber(byte[] bytes, long value)
    {
        Span<byte> all = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(all, value);
        all[..Math.Min(8, bytes.Length)].CopyTo(bytes);
    }

    private StaticValue? InitialValue(FieldDesc field)
    {
        if (field.ConstantValue is { } constant)
        {
            return new StaticValue.Number(System.Convert.ToInt64(constant, System.Globalization.CultureInfo.InvariantCulture));
        }

        return initializers.InitialValue(field);
    }
}
