namespace TraitsBpf.Compiler.Il;

/// <summary>
/// C# caches the delegate it makes for a static lambda or a method group in a static field of a
/// compiler-generated class, and makes it only when the field is still null:
/// <code>
/// ldsfld  cache; dup; brtrue L; pop
/// ldnull | ldsfld &lt;&gt;c::&lt;&gt;9
/// ldftn   M; newobj D::.ctor(object, native int); dup; stsfld cache
/// L:
/// </code>
/// A BPF program has no heap to cache in, and the delegate only names <c>M</c> (the one place one
/// may go, <c>Bpf.Loop</c>, takes it as a callback), so the rewrite leaves the uncached form,
/// <c>ldnull; ldftn M; newobj</c>, with the other instructions turned into <c>nop</c>s so every index stays.
/// </summary>
internal static class DelegateCacheIdiom
{
    private const int Length = 9;

    public static void Rewrite(List<IlInstruction> instructions)
    {
        for (int start = 0; start + Length <= instructions.Count; start++)
        {
            if (Matches(instructions, start))
            {
                foreach (int offset in (int[])[0, 1, 2, 3, 7, 8])
                    instructions[start + offset] = Nop(instructions[start + offset]);
                instructions[start + 4] = Null(instructions[start + 4]);
            }
        }
    }

    private static bool Matches(List<IlInstruction> i, int s)
    {
        if (i[s] is not { Op: IlOpcode.Ldsfld, Field: { } cache } || !IsCompilerGenerated(cache.DeclaringType)
            || i[s + 1].Op != IlOpcode.Dup
            || i[s + 2] is not { Op: IlOpcode.Brtrue } branch || branch.Target != s + Length
            || i[s + 3].Op != IlOpcode.Pop
            || !(i[s + 4].Op == IlOpcode.Ldnull || i[s + 4] is { Op: IlOpcode.Ldsfld, Field: { } singleton } && IsCompilerGenerated(singleton.DeclaringType))
            || i[s + 5].Op != IlOpcode.Ldftn
            || i[s + 6] is not { Op: IlOpcode.Newobj, Method.Parameters.Count: 2 }
            || i[s + 7].Op != IlOpcode.Dup
            || i[s + 8] is not { Op: IlOpcode.Stsfld, Field: { } stored } || stored != cache)
        {
            return false;
        }

        // Nothing else may jump into the middle of the idiom.
        return !i.Any(other => other.Index != s + 2 && other.Targets.Append(other.Target).Any(t => t > s && t < s + Length));
    }

    /// <summary>C#'s closure and method-group cache classes: <c>&lt;&gt;c</c>, <c>&lt;&gt;O</c>.</summary>
    private static bool IsCompilerGenerated(TypeDesc type) => type.Name.StartsWith("<>", StringComparison.Ordinal);

    private static IlInstruction Nop(IlInstruction original) => Replace(original, IlOpcode.Nop, "nop");

    private static IlInstruction Null(IlInstruction original) => Replace(original, IlOpcode.Ldnull, "ldnull");

    private static IlInstruction Replace(IlInstruction original, IlOpcode op, string mnemonic) => new()
    {
        Op = op,
        Index = original.Index,
        Offset = original.Offset,
        Mnemonic = $"{mnemonic} (for {original.Mnemonic} of a cached delegate)",
        Location = original.Location,
    };
}
