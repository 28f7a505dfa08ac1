namespace TraitsBpf.Cli.Parsing;

/// <summary>
/// Reads a command line against the verb table: <c>VERB [VALUE...] [--long VALUE | --long=VALUE | -s VALUE | -sVALUE | --flag]</c>,
/// with <c>--</c> ending the options. Every mistake is collected, so the user sees them all at once.
/// </summary>
internal static class VerbParser
{
    private const string HelpVerb = "help";
    private const string VersionVerb = "version";

    public static ParseOutcome Parse(IReadOnlyList<string> args, IReadOnlyList<VerbDescriptor> verbs)
    {
        if (args.Count == 0)
            return new UsageMistake(["No verb selected"], null);
        var first = args[0];
        if (first is "--help" or HelpVerb)
            return new HelpRequest(args.Count > 1 ? verbs.FirstOrDefault(v => v.Name == args[1]) : null);
        if (first is "--version" or VersionVerb)
            return new VersionRequest();
        var verb = verbs.FirstOrDefault(v => v.Name == first);
        if (verb is null)
            return new UsageMistake([$"Verb '{first}' is not recognized"], null);
        var rest = args.Skip(1).ToList();
        if (rest.TakeWhile(a => a != "--").Contains("--help"))
            return new HelpRequest(verb);
        if (rest.TakeWhile(a => a != "--").Contains("--version"))
            return new VersionRequest();
        return new VerbInvocation(verb).Read(rest);
    }

    /// <summary>One verb's arguments being read: what was given and what went wrong.</summary>
    private sealed class VerbInvocation(VerbDescriptor verb)
    {
        private readonly VerbOptions options = verb.Create();
        private readonly List<string> mistakes = [];
        private readonly List<OptionDescriptor> given = [];
        private int valuesGiven;

        public ParseOutcome Read(List<string> args)
        {
            var onlyValues = false;
            for (var i = 0; i < args.Count; i++)
            {
                var arg = args[i];
                if (onlyValues || arg == "-" || !arg.StartsWith('-'))
                    ReadValue(arg);
                else if (arg == "--")
                    onlyValues = true;
                else if (arg.StartsWith("--", StringComparison.Ordinal))
                    i = ReadLong(args, i);
                else
                    i = ReadShort(args, i);
            }
            CheckComplete();
            return mistakes.Count == 0 ? new VerbToRun(verb, options) : new UsageMistake(mistakes, verb);
        }

        private int ReadLong(List<string> args, int i)
        {
            var text = args[i][2..];
            var equals = text.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? text : text[..equals];
            var option = verb.Options.FirstOrDefault(o => o.LongName == name);
            if (option is null)
            {
                mistakes.Add($"Option '{name}' is unknown");
                return i;
            }
            return ReadOption(option, equals < 0 ? null : text[(equals + 1)..], args, i);
        }

        private int ReadShort(List<string> args, int i)
        {
            var arg = args[i];
            var option = verb.Options.FirstOrDefault(o => o.ShortName == arg[1]);
            if (option is null)
            {
                mistakes.Add($"Option '{arg[1]}' is unknown");
                return i;
            }
            var attached = arg.Length > 2 ? arg[2..].TrimStart('=') : null;
            return ReadOption(option, attached, args, i);
        }

        /// <summary>Stores <paramref name="option"/>'s value (attached to it, or the next argument); returns the last argument consumed.</summary>
        private int ReadOption(OptionDescriptor option, string? attached, List<string> args, int i)
        {
            if (!given.Contains(option))
                given.Add(option);
            if (option.Arity == OptionArity.Flag)
            {
                if (attached is not null)
                    mistakes.Add($"Option '{option.LongName}' takes no value");
                else
                    option.Assign(options, "");
                return i;
            }
            var value = attached;
            if (value is null && i + 1 < args.Count)
                value = args[++i];
            if (value is null)
                mistakes.Add($"Option '{option.ErrorName}' has no value");
            else if (!option.Assign(options, value))
                mistakes.Add($"Option '{option.LongName}' is defined with a bad format");
            return i;
        }

        private void ReadValue(string arg)
        {
            var value = verb.Values.FirstOrDefault(v => v.Index == valuesGiven);
            valuesGiven++;
            if (value is null)
                mistakes.Add($"Value '{arg}' is not expected");
            else if (!value.Assign(options, arg))
                mistakes.Add($"Value '{value.MetaName}' is defined with a bad format");
        }

        private void CheckComplete()
        {
            foreach (var option in verb.Options.Where(o => o.Required && !given.Contains(o)))
                mistakes.Add($"Required option '{option.ErrorName}' is missing");
            foreach (var value in verb.Values.Where(v => v.Required && v.Index >= valuesGiven))
                mistakes.Add($"Required value '{value.MetaName}' is missing");
            var sets = given.Where(o => o.SetName is not null).GroupBy(o => o.SetName).ToList();
            if (sets.Count > 1)
                mistakes.Add($"Options {string.Join(" and ", sets.Select(s => $"'{s.First().LongName}'"))} cannot be given together");
        }
    }
}
