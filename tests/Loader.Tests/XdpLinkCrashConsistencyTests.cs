namespace TraitsBpf.Loader.Tests;

/// <summary><see cref="CrashConsistencyTests"/> for XDP attachments through a bpf_link.</summary>
public sealed class XdpLinkCrashConsistencyTests() : CrashConsistencyTests("xdp", "");
