using TraitsBpf.Abi;
using TraitsBpf.Compiler.Bpf.Emission;
using TraitsBpf.Compiler.Il;
using TraitsBpf.Compiler.Ir;
using TraitsBpf.Object;
using TraitsBpf.Object.Btf;

namespace TraitsBpf.Compiler.Linking;

/// <summary>
/// Gathers encoded functions into an <see cref="ObjectModel"/>: each program into the section
/// its kind names, subprograms into <c>.text</c>, with func_info types and line_info text.
/// </summary>
internal sealed class ObjectAssembler
{
    private readonly ObjectModel model;
    private readonly Dictionary<string, List<(EncodedFunction Code, BtfFunc Btf, bool Global)>> sections = new(StringComparer.Ordinal);
    private readonly FunctionTypes types = new();
    private readonly SourceLines sourceLines = new();
    private readonly BtfTypeConverter btfTypes;

    public ObjectAssembler(string license)
    {
        model = new ObjectModel { License = license };
        btfTypes = new BtfTypeConverter(types);
    }

    public void AddMap(IrMap map) => model.Maps.Add(Definition(map));

    /// <summary>
    /// The map's definition; an index-keyed map gets a BTF u32 key, as C's <c>__type(key, __u32)</c>, and socket
    /// storage an int key, which the kernel checks in BTF.
    /// </summary>
    private MapDefinition Definition(IrMap map)
    {
        var key = map.Key is not null ? btfTypes.Convert(map.Key)
            : map.KeySize > 0 && map.MapType is BpfMapType.Array or BpfMapType.PerCpuArray or BpfMapType.ArrayOfMaps ? types.Integer(map.KeySize, false)
            : map.MapType == BpfMapType.SkStorage ? types.Integer(map.KeySize, true) : null;
        var value = map.Value is not null ? btfTypes.Convert(map.Value) : null;
        int keySize = key is null ? map.KeySize : 0;
        int valueSize = value is null ? map.ValueSize : 0;
        var inner = map.Inner is null ? null : Definition(map.Inner);
        var slots = map.Slots?.Select(slot => new MapSlot(slot.Index, slot.Map.Name)).ToList();
        return new MapDefinition(map.Name, map.MapType, key, value, keySize, valueSize, map.MaxEntries, map.Flags, map.PinByName, map.MapExtra, inner, slots);
    }

    public void AddGlobal(IrGlobal global)
    {
        var section = global.Section switch
        {
            GlobalSection.Data => DataSectionKind.Data,
            GlobalSection.Bss => DataSectionKind.Bss,
            _ => DataSectionKind.Rodata,
        };
        var type = global.Type is not null ? btfTypes.Convert(global.Type)
            : global.IsKey ? types.Integer(8, false)
            : new BtfArray(types.Integer(1, true), global.InitialValue.Length);
        int alignment = global.Type is not null ? Math.Clamp(global.Type.Alignment, 1, 8) : global.IsKey ? 8 : 1;
        model.Globals.Add(new GlobalVariable(global.Name, section, type, global.InitialValue, alignment, global.Subsection));
    }

    /// <summary>An extern kfunc with the prototype its <c>[Kfunc]</c> declaration gives, or the kernel's for one the compiler calls itself.</summary>
    public void AddKfunc(string name, MethodDesc? declaration) =>
        model.Kfuncs.Add(new ExternFunction(name, declaration is null ? types.KfuncProto(name) : types.KfuncProto(declaration)));

    /// <summary>
    /// The traits manifest for traitsbpf: the backend, each named trait with its size, type and
    /// key variable, and the constant keys in use (reserved against the host registry).
    /// </summary>
    public void AddTraitsManifest(TraitsBackend backend, IEnumerable<NamedTrait> traits, IEnumerable<int> reservedKeys)
    {
        var manifest = new TraitsManifest(
            TraitsBackendNames.Of(backend),
            [.. traits.DistinctBy(t => t.Name).Select(t => new TraitsManifestEntry(t.Name, t.Size, t.ValueType.FullName, t.KeyVariable.Name))],
            [.. reservedKeys]);
        model.Notes.Add(new NoteSection(TraitsManifest.SectionName, manifest.Encode()));
    }

    public void AddProgram(IrProgram program, EncodedFunction code)
    {
        var btf = new BtfFunc(program.Name, types.ProgramProto(program.Kind), BtfLinkage.Global);
        Section(program.SectionName).Add((code, btf, true));
    }

    public void AddSubprogram(IrFunction function, EncodedFunction code)
    {
        var btf = new BtfFunc(function.Name, types.SubprogramProto(function), BtfLinkage.Static);
        Section(".text").Add((code, btf, false));
    }

    private List<(EncodedFunction, BtfFunc, bool)> Section(string name)
    {
        if (!sections.TryGetValue(name, out var list))
        {
            list = [];
            sections[name] = list;
        }

        return list;
    }

    public ObjectModel Build()
    {
        foreach (var (name, functions) in sections)
        {
            var code = functions.SelectMany(f => f.Code.Code).ToArray();
            var section = new CodeSection(name, code);
            int start = 0;
            foreach (var (encoded, btf, global) in functions)
            {
                section.Functions.Add(new FunctionSymbol(encoded.Name, start, encoded.InstructionCount, btf, global));
                foreach (var relocation in encoded.Relocations)
                {
                    RelocationTarget target = relocation.Kind switch
                    {
                        RelocationKind.Kfunc => new KfuncCall(relocation.Symbol),
                        RelocationKind.Map => new MapReference(relocation.Symbol),
                        RelocationKind.Global => new GlobalReference(relocation.Symbol),
                        RelocationKind.FunctionAddress => new SubprogramAddress(relocation.Symbol),
                        _ => new SubprogramCall(relocation.Symbol),
                    };
                    section.Relocations.Add(new CodeRelocation(start + relocation.Instruction, target));
                }

                foreach (var core in encoded.CoreRelocations)
                {
                    section.CoreRelocations.Add(new CoreRelocation(start + core.Instruction, btfTypes.Convert(core.Access.Root), core.Access.AccessString));
                }

                foreach (var (instruction, location) in encoded.Lines)
                {
                    section.Lines.Add(new LineInfo(start + instruction, location.File, sourceLines.Line(location.File, location.Line), location.Line, Math.Max(location.Column, 1)));
                }

                start += encoded.InstructionCount;
            }

            model.Sections.Add(section);
        }

        return model;
    }
}
