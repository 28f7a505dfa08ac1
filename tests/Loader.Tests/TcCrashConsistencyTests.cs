namespace TraitsBpf.Loader.Tests;

/// <summary><see cref="CrashConsistencyTests"/> for TC attachments (a clsact filter).</summary>
public sealed class TcCrashConsistencyTests() : CrashConsistencyTests("tc");
