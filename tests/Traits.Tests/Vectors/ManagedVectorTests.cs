using TraitsBpf.TestSupport.Vectors;

namespace TraitsBpf.Traits.Tests.Vectors;

/// <summary>Every shared vector against <see cref="TraitStore"/> running as .NET code over a byte array.</summary>
public sealed unsafe class ManagedVectorTests
{
    /// <summary>Bytes after the room that must stay untouched.</summary>
    private const int Guard = 64;
    private const byte GuardFill = 0xA5;

    public static TheoryData<string> Vectors => new(TraitVectorFile.All.Select(v => v.Name));

    [Fact]
    public void TheFileHoldsTheVectorsItDescribes()
    {
        var all = TraitVectorFile.All;
        Assert.True(all.Count >= 14, $"only {all.Count} vectors");
        Assert.All(all, v => Assert.NotEmpty(v.Steps));
        Assert.Contains(all, v => v.Room > TraitStore.MaxSize);
        Assert.Contains(all, v => v.Room < TraitStore.HeaderSize);
        foreach (var operation in Enum.GetValues<TraitOperation>())
        {
            Assert.Contains(all.SelectMany(v => v.Steps), s => s.Operation == operation);
        }
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void TraitStoreFollowsTheVector(string name)
    {
        var vector = TraitVectorFile.Named(name);
        var memory = new byte[vector.Room + Guard];
        memory.AsSpan(vector.Room).Fill(GuardFill);
        fixed (byte* store = memory)
        {
            byte* end = store + vector.Room;
            foreach (var step in vector.Steps)
            {
                var buffer = new byte[step.BufferSize + Guard];
                Array.Fill(buffer, StepCheck.BufferFill);
                int result = Run(step, store, end, buffer);
                StepCheck.Verify(vector, step, result, buffer, memory.AsSpan(0, vector.Room));
                Assert.True(buffer.AsSpan(step.BufferSize).IndexOfAnyExcept(StepCheck.BufferFill) < 0, $"line {step.Line}: written past the value buffer");
                Assert.True(memory.AsSpan(vector.Room).IndexOfAnyExcept(GuardFill) < 0, $"line {step.Line}: written past the room");
            }
        }
    }

    private static int Run(TraitStep step, byte* store, byte* end, byte[] buffer)
    {
        fixed (byte* value = step.Value)
        fixed (byte* output = buffer)
        {
            return step.Operation switch
            {
                TraitOperation.Set => TraitStore.Set(store, end, step.Key, value, step.Value.Length, step.Flags),
                TraitOperation.Get => TraitStore.Get(store, end, step.Key, output, step.BufferSize),
                _ => TraitStore.Delete(store, end, step.Key),
            };
        }
    }
}
