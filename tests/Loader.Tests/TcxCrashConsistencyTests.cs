namespace TraitsBpf.Loader.Tests;

/// <summary><see cref="CrashConsistencyTests"/> for TC attachments through a tcx link.</summary>
public sealed class TcxCrashConsistencyTests() : CrashConsistencyTests("tc", "");
