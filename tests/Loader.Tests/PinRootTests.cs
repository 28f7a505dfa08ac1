using TraitsBpf.Loader.Tests.Infrastructure;

namespace TraitsBpf.Loader.Tests;

/// <summary>
/// The pin root belongs to root alone: on a bpffs mounted 1777 an unprivileged user can make
/// /sys/fs/bpf/traitsbpf first or plant symbolic links in it, and traitsbpf must refuse such a
/// root and never follow such a link. Each test has a bpffs and network namespace of its own.
/// </summary>
public sealed class PinRootTests
{
    private const string Root = "/sys/fs/bpf/traitsbpf";
    private const int UnsafePinRoot = 14;

    public PinRootTests() => Privileges.RequireRoot();

    [Fact]
    public void An_unprivileged_users_root_is_refused_by_every_verb_and_gets_no_pin()
    {
        var result = PrivateBpfFs.Run($"""
            attacker mkdir {Root} || exit 92
            verb load "$OBJ" --iface tb0 --xdp-mode generic
            verb list
            verb detach --iface tb0
            verb traits
            verb maps tb0-xdp
            echo "entries: $(ls -A {Root} | wc -l)"
            ip -d link show tb0
            """);

        var verbs = PrivateBpfFs.Verbs(result);
        Assert.True(verbs.Count == 5, result.ToString());
        Assert.All(verbs, v =>
        {
            Assert.True(v.ExitCode == UnsafePinRoot, $"{v.Verb} exited {v.ExitCode}: {v.Output}");
            Assert.Equal(
                $"error: refusing to use {Root}: it belongs to uid 65534, not to uid 0 that traitsbpf runs as, so that user could hide, replace or remove traitsbpf's pins; "
                + $"after checking its contents, give it to root with `chown root: {Root} && chmod 0700 {Root}`, or remove it with `rm -r {Root}`.",
                v.Output);
        });
        Assert.Contains("entries: 0\n", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("prog/xdp", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_root_owned_root_that_others_may_write_is_refused()
    {
        var result = PrivateBpfFs.Run($"""
            mkdir -m 0777 {Root}
            verb load "$OBJ" --iface tb0 --xdp-mode generic
            verb list
            echo "entries: $(ls -A {Root} | wc -l)"
            """);

        var verbs = PrivateBpfFs.Verbs(result);
        Assert.True(verbs.Count == 2, result.ToString());
        Assert.All(verbs, v =>
        {
            Assert.True(v.ExitCode == UnsafePinRoot, $"{v.Verb} exited {v.ExitCode}: {v.Output}");
            Assert.StartsWith($"error: refusing to use {Root}: it has mode 0777, writable by group or others", v.Output, StringComparison.Ordinal);
        });
        Assert.Contains("entries: 0\n", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_root_that_is_a_symbolic_link_is_refused()
    {
        var result = PrivateBpfFs.Run($"""
            attacker mkdir /sys/fs/bpf/elsewhere && attacker ln -s /sys/fs/bpf/elsewhere {Root} || exit 92
            verb load "$OBJ" --iface tb0 --xdp-mode generic
            echo "entries: $(ls -A /sys/fs/bpf/elsewhere | wc -l)"
            """);

        var load = Assert.Single(PrivateBpfFs.Verbs(result));
        Assert.True(load.ExitCode == UnsafePinRoot, result.ToString());
        Assert.StartsWith($"error: refusing to use {Root}: it is a symbolic link", load.Output, StringComparison.Ordinal);
        Assert.Contains("entries: 0\n", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Symbolic_links_to_another_tools_pins_are_reported_and_never_followed()
    {
        // "Another tool": an XDP link attached and pinned by traitsbpf, then moved out of its root,
        // so /sys/fs/bpf/othertool/other/link holds a live link that traitsbpf does not own any more.
        // One above pid_max: the staging directory's process is surely dead, so the sweeper takes it up.
        var result = PrivateBpfFs.Run($"""
            verb load "$OBJ" --iface tb0 --xdp-mode generic --name other
            mkdir /sys/fs/bpf/othertool && mv {Root}/other /sys/fs/bpf/othertool/ || exit 92
            dead=$(( $(cat /proc/sys/kernel/pid_max) + 1 ))
            ln -s /sys/fs/bpf/othertool/other {Root}/_staging-tb0-xdp-$dead
            ln -s /sys/fs/bpf/othertool/other {Root}/tb0-xdp
            ln -s /sys/fs/bpf/othertool/other/maps/counters {Root}/trait_registry
            verb detach --iface tb0
            verb detach --name tb0-xdp
            verb traits
            verb load "$OBJ" --iface tb1 --xdp-mode generic
            echo "links: $(ls {Root} | tr '\n' ' ')"
            echo "other: $(ls /sys/fs/bpf/othertool/other | tr '\n' ' ')"
            ip -d link show tb0
            """);

        var verbs = PrivateBpfFs.Verbs(result);
        Assert.True(verbs.Count == 5 && verbs[0].ExitCode == 0, result.ToString());
        var (_, sweepExit, sweep) = verbs[1];
        Assert.True(sweepExit == 10, result.ToString());
        Assert.Matches($@"leaving {Root}/_staging-tb0-xdp-\d+ alone: it is a symbolic link, and traitsbpf never follows one under its pin root", sweep);
        Assert.Contains($"skipping {Root}/tb0-xdp: refusing to use {Root}/tb0-xdp: it is a symbolic link", sweep, StringComparison.Ordinal);
        Assert.True(verbs[2].ExitCode == 10, result.ToString());
        Assert.Contains($"skipping {Root}/tb0-xdp: refusing to use {Root}/tb0-xdp: it is a symbolic link", verbs[2].Output, StringComparison.Ordinal);
        Assert.True(verbs[3].ExitCode == UnsafePinRoot, result.ToString());
        Assert.Contains($"error: refusing to use {Root}/trait_registry: it is a symbolic link", verbs[3].Output, StringComparison.Ordinal);
        // A load still works beside the links it leaves alone.
        Assert.True(verbs[4].ExitCode == 0, result.ToString());
        Assert.Matches(@"links: _staging-tb0-xdp-\d+ tb0-xdp tb1-xdp trait_registry \n", result.Stdout);
        Assert.Contains("other: attachment link maps program \n", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("prog/xdp", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void What_an_attacker_left_in_a_root_later_given_to_root_is_never_followed_or_removed()
    {
        // The admin followed the refusal's advice halfway: chown and chmod, without checking the contents.
        var result = PrivateBpfFs.Run($"""
            verb load "$OBJ" --iface tb0 --xdp-mode generic --name other
            mkdir -m 0755 /sys/fs/bpf/othertool && mv {Root}/other /sys/fs/bpf/othertool/ && rmdir {Root} || exit 92
            dead=$(( $(cat /proc/sys/kernel/pid_max) + 1 ))
            attacker mkdir {Root} || exit 93
            attacker ln -s /sys/fs/bpf/othertool/other {Root}/_staging-tb0-xdp-$dead || exit 94
            attacker mkdir {Root}/_retired-tb0-xdp-$dead || exit 95
            chown root: {Root} && chmod 0700 {Root}
            verb load "$OBJ" --iface tb1 --xdp-mode generic
            echo "left: $(ls {Root} | tr '\n' ' ')"
            echo "other: $(ls /sys/fs/bpf/othertool/other | tr '\n' ' ')"
            ip -d link show tb0
            """);

        var verbs = PrivateBpfFs.Verbs(result);
        Assert.True(verbs.Count == 2 && verbs.All(v => v.ExitCode == 0), result.ToString());
        Assert.Matches($@"leaving {Root}/_staging-tb0-xdp-\d+ alone: it is a symbolic link", verbs[1].Output);
        Assert.Matches($@"leaving {Root}/_retired-tb0-xdp-\d+ alone: it belongs to uid 65534, not to uid 0", verbs[1].Output);
        Assert.Matches(@"left: _retired-tb0-xdp-\d+ _staging-tb0-xdp-\d+ tb1-xdp \n", result.Stdout);
        Assert.Contains("other: attachment link maps program \n", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("prog/xdp", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fresh_bpffs_gets_a_root_0700_owned_by_root_and_load_list_detach_work()
    {
        var result = PrivateBpfFs.Run($"""
            verb load "$OBJ" --iface tb0 --xdp-mode generic
            echo "root: $(stat -c '%a %u' {Root})"
            verb list
            verb maps tb0-xdp
            verb detach --iface tb0
            echo "entries: $(ls -A {Root} | wc -l)"
            ip -d link show tb0
            """);

        var verbs = PrivateBpfFs.Verbs(result);
        Assert.True(verbs.Count == 4 && verbs.All(v => v.ExitCode == 0), result.ToString());
        Assert.Contains("root: 700 0\n", result.Stdout, StringComparison.Ordinal);
        Assert.Contains($"pins: {Root}/tb0-xdp", verbs[0].Output, StringComparison.Ordinal);
        Assert.Contains("tb0-xdp: xdp (generic via bpf_link), program 'xdp_count'", verbs[1].Output, StringComparison.Ordinal);
        Assert.Contains($"pins:   {Root}/tb0-xdp/ {{attachment, link, maps/counters", verbs[1].Output, StringComparison.Ordinal);
        Assert.Contains("counters (Array", verbs[2].Output, StringComparison.Ordinal);
        Assert.Contains("entries: 0\n", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("prog/xdp", result.Stdout, StringComparison.Ordinal);
    }
}
