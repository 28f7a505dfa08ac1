using System.Text;

namespace TraitsBpf.Cli.Parsing;

/// <summary>Writes <c>traitsbpf --help</c> (the verbs) and <c>traitsbpf help VERB</c> (its options), in two columns wrapped at 80.</summary>
internal static class HelpWriter
{
    private const int Width = 80;
    private const string Heading = "traitsbpf: load, attach, run and inspect BPF programs";

    public static string Verbs(IReadOnlyList<VerbDescriptor> verbs, IEnumerable<string> trailer) =>
        Screen(
            verbs.Select(v => (v.Name, v.HelpText))
                .Append(("help", "Display more information on a specific command."))
                .Append(("version", "Display version information.")),
            trailer);

    public static string Verb(VerbDescriptor verb, IEnumerable<string> trailer) =>
        Screen(
            verb.Options.Select(o => (o.HelpName, Describe(o.Required, o.HelpText) + (o.DefaultText is null ? "" : $" (Default: {o.DefaultText})")))
                .Append(("--help", "Display this help screen."))
                .Append(("--version", "Display version information."))
                .Concat(verb.Values.OrderBy(v => v.Index).Select(v => ($"{v.MetaName} (pos. {v.Index})", Describe(v.Required, v.HelpText)))),
            trailer);

    private static string Describe(bool required, string help) => required ? "Required. " + help : help;

    private static string Screen(IEnumerable<(string Name, string Text)> rows, IEnumerable<string> trailer)
    {
        var list = rows.ToList();
        var column = 2 + list.Max(r => r.Name.Length) + 4;
        var screen = new StringBuilder().AppendLine(Heading).AppendLine();
        foreach (var (name, text) in list)
        {
            var lines = Wrap(text, Width - column);
            screen.Append("  ").Append(name.PadRight(column - 2)).AppendLine(lines[0]);
            foreach (var line in lines.Skip(1))
                screen.Append(' ', column).AppendLine(line);
        }
        foreach (var line in trailer)
            screen.AppendLine(line);
        return screen.ToString();
    }

    private static List<string> Wrap(string text, int width)
    {
        var lines = new List<string>();
        var line = new StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                lines.Add(line.ToString());
                line.Clear();
            }
            line.Append(line.Length > 0 ? " " : "").Append(word);
        }
        lines.Add(line.ToString());
        return lines;
    }
}
