namespace TraitsBpf.Loader.Tests;

/// <summary><see cref="CrashConsistencyTests"/> for cgroup socket-address programs through a pinned cgroup link (a private cgroup v2 mount, no interface).</summary>
public sealed class CgroupCrashConsistencyTests() : CrashConsistencyTests("cgroup", "");
