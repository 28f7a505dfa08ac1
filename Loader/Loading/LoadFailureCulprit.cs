using TraitsBpf.Object;

namespace TraitsBpf.Loader.Loading;

/// <summary>
/// The part of an object that a failed <c>bpf_object__load</c> failed at, read from libbpf's warnings: libbpf closes
/// every program's descriptor when the load fails, so which program has none says nothing, while its warnings name
/// the program (<c>prog 'name': ...</c>), the map (<c>map 'name': ...</c>) or the kfunc extern
/// (<c>extern (func ksym) 'name': ...</c>) it stopped at.
/// </summary>
/// <param name="Program">The program libbpf failed to load or relocate, or null.</param>
/// <param name="Map">The map libbpf failed to create, or null.</param>
/// <param name="Warning">libbpf's warning about the culprit, or its first warning when it named none (null when it printed none).</param>
internal sealed record LoadFailureCulprit(string? Program, string? Map, string? Warning)
{
    private const string ProgramPrefix = "prog '";
    private const string MapPrefix = "map '";
    private const string KfuncPrefix = "extern (func ksym) '";

    /// <summary>Reads <paramref name="warnings"/> (oldest first) against the object's programs and maps.</summary>
    /// <param name="warnings">libbpf's warnings during the load.</param>
    /// <param name="programs">The programs libbpf was asked to load.</param>
    /// <param name="maps">The object's maps.</param>
    /// <param name="image">The object, to find which program calls a kfunc libbpf could not resolve.</param>
    public static LoadFailureCulprit Read(IReadOnlyList<string> warnings, IReadOnlyCollection<string> programs, IReadOnlyCollection<string> maps, ReadOnlyMemory<byte> image)
    {
        foreach (var warning in warnings)
        {
            if (Named(warning, ProgramPrefix) is { } program && programs.Contains(program))
                return new LoadFailureCulprit(program, null, Detail(warning, ProgramPrefix, program));
            if (Named(warning, MapPrefix) is { } map && maps.Contains(map))
                return new LoadFailureCulprit(null, map, Detail(warning, MapPrefix, map));
            if (Named(warning, KfuncPrefix) is { } kfunc && Caller(image, kfunc, programs) is { } caller)
                return new LoadFailureCulprit(caller, null, warning);
        }
        return new LoadFailureCulprit(null, null, warnings.Count > 0 ? warnings[0] : null);
    }

    private static string? Named(string warning, string prefix)
    {
        if (!warning.StartsWith(prefix, StringComparison.Ordinal))
            return null;
        var end = warning.IndexOf('\'', prefix.Length);
        return end < 0 ? null : warning[prefix.Length..end];
    }

    /// <summary>The warning less its <c>prog 'name': </c> prefix.</summary>
    private static string Detail(string warning, string prefix, string name) =>
        warning[(prefix.Length + name.Length + 1)..].TrimStart(':', ' ');

    /// <summary>The first of <paramref name="programs"/> whose code calls <paramref name="kfunc"/>, or null (the object cannot be read, or only a subprogram calls it).</summary>
    private static string? Caller(ReadOnlyMemory<byte> image, string kfunc, IReadOnlyCollection<string> programs)
    {
        try
        {
            var file = ObjectReader.Read(image);
            return file.Programs.Where(p => programs.Contains(p.Name)).FirstOrDefault(p => file.RelocationsIn(p.SectionName).Any(r =>
                r.SymbolName == kfunc && r.InstructionOffset >= p.InstructionOffset && r.InstructionOffset < p.InstructionOffset + p.InstructionCount))?.Name;
        }
        catch (ObjectFormatException)
        {
            return null;
        }
    }
}
