namespace TraitsBpf.Loader.Tests;

/// <summary><see cref="CrashConsistencyTests"/> for TC attachments as clsact filters, as on kernels before 6.6.</summary>
public sealed class TcFilterCrashConsistencyTests() : CrashConsistencyTests("tc", "tcx");
