using TraitsBpf.TestSupport.Vectors;

namespace TraitsBpf.Traits.Tests.Vectors;

/// <summary>Compares what one implementation did on a step with what the vector says.</summary>
public static class StepCheck
{
    /// <summary>The byte a value buffer holds before a get, so untouched bytes show.</summary>
    public const byte BufferFill = 0xEE;

    /// <param name="vector">The vector the step belongs to.</param>
    /// <param name="step">The step.</param>
    /// <param name="result">What the operation returned.</param>
    /// <param name="buffer">For get: the value buffer afterwards (its first <see cref="TraitStep.BufferSize"/> bytes count).</param>
    /// <param name="room">The store's room afterwards (at least the store's bytes, or all of a room smaller than a header).</param>
    public static void Verify(TraitVector vector, TraitStep step, int result, ReadOnlySpan<byte> buffer, ReadOnlySpan<byte> room)
    {
        string where = $"vector {vector.Name}, line {step.Line} ({step.Operation} key {step.Key})";
        Assert.True(step.Result == result, $"{where}: returned {result}, the vector says {step.Result}");
        if (step.Operation == TraitOperation.Get)
        {
            var expected = new byte[step.BufferSize];
            Array.Fill(expected, BufferFill);
            step.ExpectedValue?.CopyTo(expected, 0);
            Assert.True(
                buffer[..step.BufferSize].SequenceEqual(expected),
                $"{where}: the buffer holds {Convert.ToHexString(buffer[..step.BufferSize])}, the vector says {Convert.ToHexString(expected)}");
        }

        int compared = Math.Min(step.Store.Length, room.Length);
        Assert.True(
            room[..compared].SequenceEqual(step.Store.AsSpan(0, compared)),
            $"{where}: the store is {Convert.ToHexString(room[..compared])}, the vector says {Convert.ToHexString(step.Store.AsSpan(0, compared))}");
    }
}
