namespace TraitsBpf.Loader.Tests;

/// <summary><see cref="CrashConsistencyTests"/> for tracing programs through a tracing link (tp_btf, no interface).</summary>
public sealed class TracingCrashConsistencyTests() : CrashConsistencyTests("trace", "");
