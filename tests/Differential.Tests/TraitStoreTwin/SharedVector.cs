namespace TraitsBpf.Differential.Tests.TraitStoreTwin;

/// <summary>A vector of docs/traits-vectors.txt: a room and steps from an empty store, each with what it must return and leave.</summary>
/// <param name="Name">The vector's name.</param>
/// <param name="Room">Bytes the store may take, header included.</param>
/// <param name="Steps">The steps in order.</param>
public sealed record SharedVector(string Name, int Room, IReadOnlyList<SharedVectorStep> Steps);
