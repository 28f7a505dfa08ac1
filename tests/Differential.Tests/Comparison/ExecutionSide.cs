using TraitsBpf.Differential.Tests.Maps;

namespace TraitsBpf.Differential.Tests.Comparison;

/// <summary>One way of running a program (managed, our object in the kernel, the C twin in the kernel) and of reading its maps.</summary>
public sealed record ExecutionSide(string Name, Func<byte[], RunOutcome> Run, Func<MapSnapshot> Maps);
