namespace TraitsBpf.TestSupport.Vectors;

/// <summary>A named sequence of steps on a store that starts empty and may take <paramref name="Room"/> bytes.</summary>
public sealed record TraitVector(string Name, int Room, IReadOnlyList<TraitStep> Steps)
{
    public override string ToString() => Name;
}
