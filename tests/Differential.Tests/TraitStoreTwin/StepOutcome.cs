namespace TraitsBpf.Differential.Tests.TraitStoreTwin;

/// <summary>What one implementation of the store did on a step: the result, the 16-byte value buffer afterwards, and every byte of the room afterwards.</summary>
public sealed record StepOutcome(int Result, byte[] ValueOut, byte[] Room)
{
    /// <summary>True when the results, buffers and rooms are equal.</summary>
    public bool SameAs(StepOutcome other) =>
        Result == other.Result && ValueOut.AsSpan().SequenceEqual(other.ValueOut) && Room.AsSpan().SequenceEqual(other.Room);

    /// <inheritdoc/>
    public override string ToString() => $"returned {Result}, value buffer {Convert.ToHexString(ValueOut)}, room {Convert.ToHexString(Room)}";
}
