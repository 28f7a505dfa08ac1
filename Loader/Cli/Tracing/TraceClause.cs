using TraitsBpf.Loader;
using TraitsBpf.Loader.Traits;

namespace TraitsBpf.Cli.Tracing;

/// <summary>One <c>--where NAME=VALUE</c>: the registered trait and the value's bytes (as many as the trait's size).</summary>
/// <param name="Trait">The trait the clause names.</param>
/// <param name="Value">The value, as the store holds it.</param>
internal sealed record TraceClause(RegisteredTrait Trait, byte[] Value)
{
    /// <summary>The clause as the user wrote it, normalised: NAME=VALUE, or NAME for a flag.</summary>
    public override string ToString() => TraitValueText.Format(Trait, Value);

    /// <summary>
    /// Reads <c>NAME=VALUE</c> clauses against the host's registered traits.
    /// </summary>
    /// <exception cref="LoaderException">One sentence: a clause without '=', a name the registry lacks, a value that is not the trait's type, too many clauses.</exception>
    public static IReadOnlyList<TraceClause> Parse(IEnumerable<string> clauses, IReadOnlyList<RegisteredTrait> registered)
    {
        var parsed = new List<TraceClause>();
        foreach (var clause in clauses)
        {
            int equals = clause.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
                throw new LoaderException(LoaderErrorKind.InvalidArgument, $"--where takes NAME=VALUE, not '{clause}'.");
            string name = clause[..equals];
            string text = clause[(equals + 1)..];
            var trait = registered.FirstOrDefault(t => t.Name == name)
                ?? throw new LoaderException(LoaderErrorKind.InvalidArgument,
                    registered.Count == 0
                        ? $"--where names trait '{name}', but no trait is registered on this host yet."
                        : $"--where names trait '{name}', which is not registered on this host (registered: {string.Join(", ", registered.Select(t => t.Name))}).");
            var value = TraitValueText.Parse(trait, text)
                ?? throw new LoaderException(LoaderErrorKind.InvalidArgument,
                    $"--where {name}={text}: trait '{name}' is {trait.Size}-byte {trait.TypeName}, so its value must be {TraitValueText.Expected(trait)}.");
            parsed.Add(new TraceClause(trait, value));
        }

        if (parsed.Count > Abi.TraitTraceFormat.MaxClauses)
            throw new LoaderException(LoaderErrorKind.InvalidArgument,
                $"trace tests at most {Abi.TraitTraceFormat.MaxClauses} --where clauses in the kernel; {parsed.Count} were given.");
        return parsed;
    }
}
