namespace TraitsBpf.Object.Writing;

/// <summary>
/// Checks an <see cref="ObjectModel"/> as a whole: each code section (<see cref="CodeSectionValidator"/>),
/// unique section and symbol names, relocation targets that exist where libbpf looks for them,
/// line info at every function start once any is given, and sane maps, globals and license.
/// </summary>
internal static class ObjectModelValidator
{
    private static readonly HashSet<string> ReservedSectionNames = new(StringComparer.Ordinal)
    {
        ".data", ".rodata", ".bss", ".maps", "maps", "license", "version", ".BTF", ".BTF.ext", ".symtab", ".strtab", ".shstrtab", ".ksyms", ".kconfig",
    };

    public static void Validate(ObjectModel model)
    {
        ValidateLicense(model.License);
        ValidateSectionNames(model);
        foreach (CodeSection section in model.Sections)
            CodeSectionValidator.Validate(section);
        ValidateSymbolNames(model);
        foreach (MapDefinition map in model.Maps)
            ValidateMap(map, model.Maps);
        foreach (GlobalVariable global in model.Globals)
            ValidateGlobal(global);
        foreach (CodeSection section in model.Sections)
            ValidateRelocationTargets(model, section);
        ValidateLineCoverage(model);
    }

    private static void ValidateLicense(string license)
    {
        if (license.Length == 0 || license.Any(c => c is < ' ' or > '~'))
            throw new InvalidObjectModelException($"The license \"{license}\" must be non-empty printable ASCII, e.g. \"GPL\".");
    }

    private static void ValidateSectionNames(ObjectModel model)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (CodeSection section in model.Sections)
        {
            if (section.Name.Length == 0 || section.Name.Any(c => c is < ' ' or > '~'))
                throw new InvalidObjectModelException($"Code section name \"{section.Name}\" must be non-empty printable ASCII.");
            if (ReservedSectionNames.Contains(section.Name) || section.Name.StartsWith(".rel", StringComparison.Ordinal))
                throw new InvalidObjectModelException($"Code section name '{section.Name}' is reserved for another kind of section.");
            if (!names.Add(section.Name))
                throw new InvalidObjectModelException($"There are two code sections named '{section.Name}'; put both programs' functions in one section.");
        }
    }

    private static void ValidateSymbolNames(ObjectModel model)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal) { [LicenseSection.VariableName] = "the license variable" };
        void Claim(string name, string what)
        {
            if (name.Length == 0)
                throw new InvalidObjectModelException($"A {what} has an empty name.");
            if (!names.TryAdd(name, $"a {what}"))
                throw new InvalidObjectModelException($"The name '{name}' is used by both {names[name]} and a {what}; ELF symbol names must be unique in an object.");
        }
        foreach (FunctionSymbol function in model.Sections.SelectMany(section => section.Functions))
            Claim(function.Name, "function");
        foreach (MapDefinition map in model.Maps)
            Claim(map.Name, "map");
        foreach (GlobalVariable global in model.Globals)
            Claim(global.Name, "global variable");
        foreach (ExternFunction kfunc in model.Kfuncs)
            Claim(kfunc.Name, "kfunc");
    }

    private static void ValidateMap(MapDefinition map, IReadOnlyList<MapDefinition> maps)
    {
        string where = $"Map '{map.Name}'";
        ValidateMapOfMaps(map, maps, where);
        if (map.MapType <= BpfMapType.Unspecified)
            throw new InvalidObjectModelException($"{where} has map type {(int)map.MapType}; it must be a BPF_MAP_TYPE_* value above 0.");
        if (map.Key is not null && map.KeySize != 0 || map.Value is not null && map.ValueSize != 0)
            throw new InvalidObjectModelException($"{where} gives both a BTF type and a size for its key or value; give one.");
        if (map.KeySize < 0 || map.ValueSize < 0 || map.MaxEntries < 0 || map.Flags > int.MaxValue)
            throw new InvalidObjectModelException($"{where} has a negative size, max_entries or flags value.");
    }

    /// <summary>A map of maps has an inner template and no value; only an array of maps has slots (libbpf fills them by index).</summary>
    private static void ValidateMapOfMaps(MapDefinition map, IReadOnlyList<MapDefinition> maps, string where)
    {
        bool mapOfMaps = map.MapType is BpfMapType.ArrayOfMaps or BpfMapType.HashOfMaps;
        if (mapOfMaps != (map.Inner is not null))
            throw new InvalidObjectModelException(mapOfMaps ? $"{where} is a map of maps without an inner map template." : $"{where} has an inner map template but is not a map of maps.");
        if (mapOfMaps && (map.Value is not null || map.ValueSize != 0))
            throw new InvalidObjectModelException($"{where} is a map of maps with a value type; its values are maps, given by the inner map template.");
        if (map.Inner is { Inner: not null })
            throw new InvalidObjectModelException($"{where} has a map of maps as its inner map; the kernel does not nest them.");
        if (map.Slots is not { Count: > 0 } slots)
            return;
        if (map.MapType != BpfMapType.ArrayOfMaps)
            throw new InvalidObjectModelException($"{where} fills slots at load time; only an array of maps can (libbpf fills them by index).");
        foreach (MapSlot slot in slots)
        {
            if (slot.Index < 0 || slot.Index >= map.MaxEntries)
                throw new InvalidObjectModelException($"{where} fills slot {slot.Index}, outside its {map.MaxEntries} entries.");
            if (!maps.Any(other => other.Name == slot.MapName && other.Inner is null))
                throw new InvalidObjectModelException($"{where} fills slot {slot.Index} with '{slot.MapName}', which is not a map of the object.");
        }
        if (slots.Select(slot => slot.Index).Distinct().Count() != slots.Count)
            throw new InvalidObjectModelException($"{where} fills a slot twice.");
    }

    private static void ValidateGlobal(GlobalVariable global)
    {
        string where = $"Global variable '{global.Name}'";
        if (global.Alignment is not (1 or 2 or 4 or 8))
            throw new InvalidObjectModelException($"{where} has alignment {global.Alignment}; it must be 1, 2, 4 or 8.");
        if (global.InitialValue.Length == 0)
            throw new InvalidObjectModelException($"{where} has size 0.");
        if (global.Section == DataSectionKind.Bss && global.InitialValue.Any(b => b != 0))
            throw new InvalidObjectModelException($"{where} is in .bss but has a non-zero initial value; put it in .data.");
        if (!Enum.IsDefined(global.Section))
            throw new InvalidObjectModelException($"{where} has an unknown section kind {global.Section}.");
        if (global.Subsection is { } name && (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.')))
            throw new InvalidObjectModelException($"{where} names section '{name}'; a named data section is letters, digits, '_' and '.'.");
    }

    private static void RequireSubprogram(ObjectModel model, string where, string name, string verb)
    {
        CodeSection? target = model.Sections.FirstOrDefault(candidate => candidate.Functions.Any(function => function.Name == name));
        if (target is null)
            throw new InvalidObjectModelException($"{where}: {verb} '{name}', which is not a function in the model.");
        if (target.Name != CodeSectionValidator.SubprogramSectionName)
            throw new InvalidObjectModelException($"{where}: {verb} '{name}' in section '{target.Name}', but libbpf only links calls to functions in .text.");
    }

    private static void ValidateRelocationTargets(ObjectModel model, CodeSection section)
    {
        foreach (CodeRelocation relocation in section.Relocations)
        {
            string where = $"Section '{section.Name}', instruction {relocation.InstructionOffset}";
            switch (relocation.Target)
            {
                case MapReference map when !model.Maps.Any(candidate => candidate.Name == map.MapName):
                    throw new InvalidObjectModelException($"{where}: refers to map '{map.MapName}', which is not in the model.");
                case GlobalReference global:
                    GlobalVariable? variable = model.Globals.FirstOrDefault(candidate => candidate.Name == global.VariableName)
                        ?? throw new InvalidObjectModelException($"{where}: refers to global '{global.VariableName}', which is not in the model.");
                    if (global.Offset < 0 || global.Offset > variable.InitialValue.Length)
                        throw new InvalidObjectModelException($"{where}: offset {global.Offset} is outside global '{global.VariableName}' ({variable.InitialValue.Length} bytes).");
                    break;
                case SubprogramCall call:
                    RequireSubprogram(model, where, call.FunctionName, "calls");
                    break;
                case SubprogramAddress address:
                    RequireSubprogram(model, where, address.FunctionName, "takes the address of");
                    break;
                case KfuncCall kfunc when !model.Kfuncs.Any(candidate => candidate.Name == kfunc.FunctionName):
                    throw new InvalidObjectModelException($"{where}: calls kfunc '{kfunc.FunctionName}', which is not in the model's kfuncs.");
            }
        }
    }

    /// <summary>
    /// libbpf appends subprograms to each program with their line info, and the kernel then
    /// wants a line_info record at the first instruction of every function (check_btf_line,
    /// "missing bpf_line_info for func#"). So line info is all or nothing.
    /// </summary>
    private static void ValidateLineCoverage(ObjectModel model)
    {
        if (model.Sections.All(section => section.Lines.Count == 0))
            return;
        foreach (CodeSection section in model.Sections)
        {
            var lineOffsets = section.Lines.Select(line => line.InstructionOffset).ToHashSet();
            FunctionSymbol? uncovered = section.Functions.FirstOrDefault(function => !lineOffsets.Contains(function.InstructionOffset));
            if (uncovered is not null)
                throw new InvalidObjectModelException(
                    $"Section '{section.Name}': function '{uncovered.Name}' has no line info at its first instruction; once any line info is given, every function needs it there.");
        }
    }
}
