using TraitsBpf.TestSupport.Vectors;

namespace TraitsBpf.Differential.Tests.TraitStoreTwin;

/// <summary>
/// The vectors of docs/traits-vectors.txt (read by <see cref="TraitVectorFile"/>, as the Traits
/// tests read them) with each step as the <see cref="StoreStep"/> the step programs take.
/// </summary>
public static class SharedVectors
{
    /// <summary>What a get's buffer holds beforehand, so bytes the get leaves alone show.</summary>
    public const byte BufferFill = 0xEE;

    private static readonly Lazy<IReadOnlyList<SharedVector>> Cached =
        new(() => [.. TraitVectorFile.All.Select(v => new SharedVector(v.Name, v.Room, [.. v.Steps.Select(Step)]))]);

    /// <summary>Every vector in the file.</summary>
    public static IReadOnlyList<SharedVector> All => Cached.Value;

    private static SharedVectorStep Step(TraitStep step) => step.Operation switch
    {
        TraitOperation.Set => new SharedVectorStep(step.Line, new StoreStep(1, step.Key, (byte)step.Value.Length, step.Flags, Padded(step.Value, 0)), step.Result, [], step.Store),
        TraitOperation.Get => new SharedVectorStep(step.Line, new StoreStep(0, step.Key, (byte)step.BufferSize, 0, Padded([], BufferFill)), step.Result, step.ExpectedValue ?? [], step.Store),
        _ => new SharedVectorStep(step.Line, new StoreStep(2, step.Key, 0, 0, new byte[16]), step.Result, [], step.Store),
    };

    // The step header carries 16 value bytes; a longer (invalid) value is cut, as the header would cut it.
    private static byte[] Padded(byte[] value, byte fill)
    {
        var padded = new byte[16];
        Array.Fill(padded, fill);
        value.AsSpan(0, Math.Min(16, value.Length)).CopyTo(padded);
        return padded;
    }
}
