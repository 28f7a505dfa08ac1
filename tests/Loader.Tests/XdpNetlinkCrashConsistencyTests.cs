namespace TraitsBpf.Loader.Tests;

/// <summary><see cref="CrashConsistencyTests"/> for XDP attachments set over netlink, as on kernels before 5.9.</summary>
public sealed class XdpNetlinkCrashConsistencyTests() : CrashConsistencyTests("xdp", "xdp-links");
