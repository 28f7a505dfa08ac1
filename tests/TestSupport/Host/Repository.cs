namespace TraitsBpf.TestSupport.Host;

/// <summary>Where the repository is, found from the test binaries.</summary>
public static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "TraitsBpf.sln")))
                return directory.FullName;
        }
        throw new InvalidOperationException("cannot find the repository root (TraitsBpf.sln) above the test binaries");
    }
}
