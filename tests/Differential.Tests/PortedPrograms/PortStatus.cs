namespace TraitsBpf.Differential.Tests.PortedPrograms;

/// <summary>
/// Which ports our compiler takes today and which it refuses, the one place the tests learn it
/// (Programs/Ports/README.md says the same). When the compiler learns a refused construct, the
/// refusal test fails: move the port to <see cref="Compiling"/>, where the differential test takes it.
/// </summary>
public static class PortStatus
{
    /// <summary>Ports that compile, and are run against managed execution and their C twin.</summary>
    public static readonly IReadOnlyList<string> Compiling = ["_fix_port_egress", "xdp_patch_ports_func", "xdp_prog1", "xdp_prog2"];

    /// <summary>Ports refused, with their first refusal.</summary>
    public static readonly IReadOnlyList<RefusedPort> Refused =
    [
        new("_xdp_icmp", "XdpAdjustTail.cs", 71, "Unsafe.CopyBlock"),
        new("xdp_icmp_echo_func", "RewriteHelpers.cs", 98, "Unsafe.CopyBlock"),
        new("xdp_vlan_swap_func", "RewriteHelpers.cs", 39, "Unsafe.CopyBlock"),
    ];
}
