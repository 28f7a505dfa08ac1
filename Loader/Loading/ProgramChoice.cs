namespace TraitsBpf.Loader.Loading;

/// <summary>Chooses the program a load works on: the one named by --program, or the only one that fits.</summary>
internal static class ProgramChoice
{
    public static BpfProgram Select(BpfObject obj, string? name, Func<BpfProgram, bool> fits, string purpose)
    {
        if (name is not null)
            return obj.Program(name);
        var candidates = obj.Programs.Where(fits).ToList();
        return candidates.Count switch
        {
            1 => candidates[0],
            0 => throw new LoaderException(LoaderErrorKind.ProgramNotFound, obj.Programs.Count == 0
                ? $"object '{obj.Name}' has no programs"
                : $"object '{obj.Name}' has no program {purpose}; its programs are: {string.Join(", ", obj.Programs.Select(Describe))}"),
            _ => throw new LoaderException(LoaderErrorKind.InvalidArgument,
                $"object '{obj.Name}' has {candidates.Count} programs {purpose}; choose one with --program: {string.Join(", ", candidates.Select(p => p.Name))}"),
        };
    }

    private static string Describe(BpfProgram program) => $"{program.Name} ({program.SectionName})";
}
