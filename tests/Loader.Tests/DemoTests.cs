using TraitsBpf.Loader.Tests.Infrastructure;

namespace TraitsBpf.Loader.Tests;

/// <summary>demo/demo.sh, as `./build.sh demo` runs it, passes and leaves nothing behind.</summary>
public sealed class DemoTests
{
    [Fact]
    public void Demo_counts_real_traffic_detaches_and_cleans_up()
    {
        Privileges.RequireRoot();
        Run.RequireTool("clang");
        var root = Repository.Root;
        var launcher = Path.Combine(Path.GetTempPath(), $"traitsbpf-{UniqueName.Next()}");
        File.WriteAllText(launcher, $"#!/bin/sh\nexec dotnet '{Traitsbpf.Dll}' \"$@\"\n");
        File.SetUnixFileMode(launcher, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        try
        {
            var demo = Run.Command("env", [$"TRAITSBPF={launcher}", Path.Combine(root, "demo", "demo.sh")], stdin: null, TimeSpan.FromMinutes(3));

            Assert.True(demo.ExitCode == 0, demo.ToString());
            Assert.Contains("== demo passed", demo.Stdout, StringComparison.Ordinal);
            var pid = demo.Stdout.Split("tbdemo-")[1].Split('-')[0];
            Assert.DoesNotContain($"tbdemo-{pid}-", Run.Command("ip", "netns", "list").Stdout, StringComparison.Ordinal);
            Assert.False(Directory.Exists($"/sys/fs/bpf/traitsbpf/demo-{pid}"));
        }
        finally
        {
            File.Delete(launcher);
        }
    }

}
