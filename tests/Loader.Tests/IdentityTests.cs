using TraitsBpf.Loader.Kernel;
using TraitsBpf.Loader.Tests.Infrastructure;

namespace TraitsBpf.Loader.Tests;

/// <summary>
/// Attachments are found by identity (namespace, interface index, program id), never by name: a
/// renamed interface keeps its attachment and detach removes it from the kernel; an attachment whose
/// namespace was deleted can be removed from anywhere; one in a living namespace is left to it.
/// Each test has a bpffs and network namespace of its own.
/// </summary>
public sealed class IdentityTests
{
    public IdentityTests() => Privileges.RequireRoot();

    [Theory]
    [InlineData("xdp", "")]
    [InlineData("xdp", "xdp-links")]
    [InlineData("tc", "")]
    [InlineData("tc", "tcx")]
    public void Detach_by_the_old_name_of_a_renamed_interface_removes_the_program_from_it(string hook, string without)
    {
        var load = hook == "xdp" ? "verb load \"$OBJ\" --iface tb0 --xdp-mode generic --name a" : $"verb load {ClangObjects.Path("tc_counter")} --iface tb0 --tc ingress --name a";
        var result = PrivateBpfFs.Run($"""
            export {KernelFeatures.WithoutVariable}={without}
            {load}
            ip link set tb0 down && ip link set tb0 name tb9 && ip link set tb9 up || exit 92
            verb list --json
            verb detach --iface tb0
            echo "kernel: $(ip -d link show tb9 | grep -c prog/xdp) $(tc filter show dev tb9 ingress | grep -c tc_count) $({HostTools.Path("tcx_progs")} tb9 ingress | wc -l)"
            echo "pins: $(ls -A /sys/fs/bpf/traitsbpf | grep -c '^a$')"
            """);

        var verbs = PrivateBpfFs.Verbs(result);
        Assert.True(verbs.Count == 3 && verbs[0].ExitCode == 0, result.ToString());
        Assert.Contains("\"state\": \"active\"", verbs[1].Output, StringComparison.Ordinal);
        Assert.Contains("\"currentInterface\": \"tb9\"", verbs[1].Output, StringComparison.Ordinal);
        Assert.True(verbs[2].ExitCode == 0, result.ToString());
        Assert.Contains("from tb9 (attached as tb0)", verbs[2].Output, StringComparison.Ordinal);
        Assert.Contains("kernel: 0 0 0\n", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("pins: 0\n", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("xdp", "", "interface-gone")]
    [InlineData("xdp", "xdp-links", "netns-gone")]
    [InlineData("tc", "", "interface-gone")]
    [InlineData("tc", "tcx", "netns-gone")]
    public void An_attachment_in_a_deleted_namespace_is_listed_as_gone_and_detach_removes_it_from_anywhere(string hook, string without, string state)
    {
        // A link reports from anywhere that its interface is gone; for the others, the namespace's fate tells.
        var load = hook == "xdp" ? "load \"$OBJ\" --iface in0 --xdp-mode generic --name a" : $"load {ClangObjects.Path("tc_counter")} --iface in0 --tc ingress --name a";
        var result = PrivateBpfFs.Run($"""
            export {KernelFeatures.WithoutVariable}={without}
            ip netns add inner || exit 92
            ip link add in0 netns inner type veth peer name out0 || exit 93
            nsenter --net=/run/netns/inner ip link set in0 up
            nsenter --net=/run/netns/inner dotnet "$DLL" {load} >/dev/null 2>&1 || exit 94
            verb list --json
            verb detach --name a
            ip netns del inner
            # The kernel tears a namespace down asynchronously after its last holder lets go: wait for it.
            for i in $(seq 40); do dotnet "$DLL" list --json 2>/dev/null | grep -q '"state": "{state}"' && break; sleep 0.25; done
            verb list --json
            verb detach --name a
            echo "pins: $(ls -A /sys/fs/bpf/traitsbpf | grep -c '^a$')"
            """);

        var verbs = PrivateBpfFs.Verbs(result);
        Assert.True(verbs.Count == 4, result.ToString());
        // While the namespace lives, it is another's: listed, and left to a detach run inside it.
        Assert.Contains("\"state\": \"other-netns\"", verbs[0].Output, StringComparison.Ordinal);
        Assert.True(verbs[1].ExitCode == 10, result.ToString());
        Assert.Contains("nsenter --net=/run/netns/inner traitsbpf detach --name a", verbs[1].Output, StringComparison.Ordinal);
        Assert.Contains($"\"state\": \"{state}\"", verbs[2].Output, StringComparison.Ordinal);
        Assert.True(verbs[3].ExitCode == 0, result.ToString());
        Assert.Contains("is gone, and the kernel released program", verbs[3].Output, StringComparison.Ordinal);
        Assert.Contains("pins: 0\n", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void List_racing_detaches_never_fails_and_shows_what_it_saw()
    {
        var result = PrivateBpfFs.Run("""
            (for i in 1 2 3 4 5 6; do
               dotnet "$DLL" load "$OBJ" --iface tb0 --xdp-mode generic --name a >/dev/null 2>&1
               dotnet "$DLL" detach --name a >/dev/null 2>&1
             done; touch /tmp/.tb-race-done.$$) &
            failures=0; lists=0
            while [ ! -e /tmp/.tb-race-done.$$ ]; do
              dotnet "$DLL" list >/dev/null 2>/tmp/.tb-race-err.$$ || { failures=$((failures+1)); cat /tmp/.tb-race-err.$$; }
              lists=$((lists+1))
            done
            wait; rm -f /tmp/.tb-race-done.$$ /tmp/.tb-race-err.$$
            echo "lists=$lists failures=$failures"
            """);

        Assert.Matches(@"lists=[1-9]\d* failures=0\n", result.Stdout);
    }
}
