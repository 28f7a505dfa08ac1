using TraitsBpf.Compiler.Diagnostics;
using TraitsBpf.Compiler.Ir;

namespace TraitsBpf.Compiler.Bpf.Emission;

/// <summary>
/// Checks a program's deepest chain of BPF-to-BPF calls against the kernel's 512-byte stack,
/// which the verifier applies to the sum of the frames on a call chain, not to each frame
/// alone. Without this check a program whose functions each fit is refused only at load, by a
/// verifier message with no C# line.
/// </summary>
internal static class CallChainStack
{
    /// <summary>
    /// The granularity the verifier rounds each frame to when the program is JIT-compiled (the
    /// interpreter's 32 would refuse chains a JIT kernel accepts, and we must not refuse those).
    /// </summary>
    private const int FrameGranularity = 16;

    /// <param name="program">The program's functions and their calls.</param>
    /// <param name="frameSizes">Each function's frame as laid out by <see cref="FrameLayout"/>.</param>
    public static void Check(IrProgram program, IReadOnlyDictionary<IrFunction, int> frameSizes)
    {
        var deepest = Deepest(program.Entry, frameSizes, []);
        int total = deepest.Sum(f => Rounded(frameSizes[f]));
        if (total <= FrameLayout.MaxFrameSize || deepest.Count < 2)
        {
            return;
        }

        var chain = string.Join(" -> ", deepest.Select(f => $"{ShortName(f)} ({Rounded(frameSizes[f])} bytes)"));
        var last = deepest[^1];
        throw new CompileException(
            $"the call chain {chain} needs {total} bytes of stack but the kernel allows {FrameLayout.MaxFrameSize} across a chain of calls; make the deepest frame ('{ShortName(last)}') smaller or let it be inlined",
            last.Location ?? program.Entry.Location,
            last.SourceMethod);
    }

    private static string ShortName(IrFunction function) => function.SourceMethod[(function.SourceMethod.LastIndexOf('.') + 1)..];

    private static int Rounded(int frame) => (frame + FrameGranularity - 1) / FrameGranularity * FrameGranularity;

    /// <summary>The chain from <paramref name="function"/> with the largest stack (recursion is refused earlier, so the graph is acyclic).</summary>
    private static List<IrFunction> Deepest(IrFunction function, IReadOnlyDictionary<IrFunction, int> frameSizes, Dictionary<IrFunction, List<IrFunction>> memo)
    {
        if (memo.TryGetValue(function, out var known))
        {
            return known;
        }

        List<IrFunction> best = [];
        int bestSize = -1;
        foreach (var callee in Callees(function))
        {
            var chain = Deepest(callee, frameSizes, memo);
            int size = chain.Sum(f => Rounded(frameSizes[f]));
            if (size > bestSize)
            {
                (best, bestSize) = (chain, size);
            }
        }

        List<IrFunction> result = [function, .. best];
        memo[function] = result;
        return result;
    }

    private static IEnumerable<IrFunction> Callees(IrFunction function) =>
        function.Blocks.SelectMany(b => b.Instructions).OfType<CallInstruction>().Select(c => c.Callee).Distinct();
}
