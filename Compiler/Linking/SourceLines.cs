namespace TraitsBpf.Compiler.Linking;

/// <summary>
/// The text of source lines for line_info (bpftool prints it next to each instruction). Files
/// are read once; a file that is not there (a PDB from another machine) gives empty lines.
/// </summary>
internal sealed class SourceLines
{
    private readonly Dictionary<string, string[]> files = new(StringComparer.Ordinal);

    public string Line(string path, int line)
    {
        if (!files.TryGetValue(path, out var lines))
        {
            try
            {
                lines = File.Exists(path) ? File.ReadAllLines(path) : [];
            }
            catch (IOException)
            {
                lines = [];
            }
            catch (UnauthorizedAccessException)
            {
                lines = [];
            }

            files[path] = lines;
        }

        return line >= 1 && line <= lines.Length ? lines[line - 1].Trim() : "";
    }
}
