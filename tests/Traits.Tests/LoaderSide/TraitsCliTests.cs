using TraitsBpf.Abi;
using System.Text.Json;
using TraitsBpf.Loader;
using TraitsBpf.Loader.Traits;
using TraitsBpf.Traits.Tests.Infrastructure;

namespace TraitsBpf.Traits.Tests.LoaderSide;

/// <summary>
/// traitsbpf's trait features end to end, as root on this (stock) kernel: --traits on compile and
/// load, the registry through load, run and the traits verb, list, the conflict and the missing
/// kfunc errors. The host's registry is used for real; the tests remove the names they register.
/// </summary>
[Collection(HostRegistryCollection.Name)]
public sealed class TraitsCliTests : IDisposable
{
    private const string RegistryPin = "/sys/fs/bpf/traitsbpf/trait_registry";
    private static readonly string Assembly = typeof(RegistryPrograms).Assembly.Location;
    private readonly string scratch = Directory.CreateTempSubdirectory("tbpf-traits-cli-").FullName;
    private readonly bool registryExisted = File.Exists(RegistryPin);

    public void Dispose()
    {
        Directory.Delete(scratch, recursive: true);
        ForgetTestNames();
    }

    [Fact]
    public void CompileSaysWhichBackendAndWhy()
    {
        var auto = Command.Cli("compile", Assembly, "-p", "reg_tag", "-o", Object("auto.o")).EnsureSuccess();
        Assert.Matches(@"traits: meta backend; named tbpf_test_tag \(8 bytes, System\.UInt64\); integer key 9 \(auto: kernel \S+ has no trait kfuncs\)", auto.Stdout);
        var kfunc = Command.Cli("compile", Assembly, "-p", "reg_tag", "-o", Object("kfunc.o"), "--traits", "kfunc").EnsureSuccess();
        Assert.Contains("traits: kfunc backend; named tbpf_test_tag (8 bytes, System.UInt64); integer key 9 (--traits kfunc)", kfunc.Stdout, StringComparison.Ordinal);
        var meta = Command.Cli("compile", Assembly, "-p", "reg_tag", "-o", Object("meta.o"), "--traits", "META").EnsureSuccess();
        Assert.Contains("(--traits meta)", meta.Stdout, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllBytes(Object("auto.o")), File.ReadAllBytes(Object("meta.o")));
        Assert.Equal(2, Command.Cli("compile", Assembly, "-p", "reg_tag", "-o", Object("x.o"), "--traits", "ebpf").ExitCode);
    }

    [Fact]
    public void AKfuncObjectOnAKernelWithoutTheKfuncsIsOneSentenceAndNothingIsAttached()
    {
        Command.Cli("compile", Assembly, "-p", "reg_tag", "-o", Object("kfunc.o"), "--traits", "kfunc").EnsureSuccess();
        using var veth = new RootVeth();
        string name = $"{veth.Name}-kfunc";
        foreach (var input in new[] { Object("kfunc.o"), Assembly })
        {
            var load = input == Assembly
                ? Command.Cli("load", input, "-p", "reg_tag", "-i", veth.Name, "-n", name, "--traits", "kfunc")
                : Command.Cli("load", input, "-i", veth.Name, "-n", name);
            Assert.Equal(11, load.ExitCode);
            Assert.Matches(
                @"^error: program 'reg_tag' \(\S+\) was compiled for the kfunc traits backend, and its object calls bpf_xdp_trait_(get|set), which this kernel \(\S+\) does not have; compile it with --traits meta to keep traits in the XDP metadata area instead\.\n$",
                load.Stderr);
            Assert.DoesNotContain("xdp", Command.Run("ip", "link", "show", veth.Name).EnsureSuccess().Stdout, StringComparison.Ordinal);
            Assert.False(Directory.Exists($"/sys/fs/bpf/traitsbpf/{name}"));
            Assert.DoesNotContain("tbpf_test_tag", Command.Cli("traits").EnsureSuccess().Stdout, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("bad name")]
    [InlineData("crash")]
    public void ALoadThatFailsOrDiesBeforeItsCommitRegistersNothing(string failure)
    {
        Command.Cli("compile", Assembly, "-p", "reg_tag", "-o", Object("tag.o")).EnsureSuccess();
        using var veth = new RootVeth();
        var name = failure == "crash" ? $"{veth.Name}-crash" : "no spaces allowed";
        var environment = failure == "crash" ? new Dictionary<string, string> { [Loader.Loading.FaultPoint.Variable] = "Pin" } : null;

        var load = Command.CliWith(environment, "load", Object("tag.o"), "-i", veth.Name, "-n", name);

        Assert.True(load.ExitCode == (failure == "crash" ? 137 : 2), load.ToString());
        Assert.DoesNotContain("tbpf_test_tag", Command.Cli("traits").EnsureSuccess().Stdout, StringComparison.Ordinal);
        Command.Cli("repair").EnsureSuccess();
        Assert.DoesNotContain("xdp", Command.Run("ip", "link", "show", veth.Name).EnsureSuccess().Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadRegistersTheNamesAndTraitsListsThemWithTheirUsers()
    {
        Command.Cli("compile", Assembly, "-p", "reg_tag", "-o", Object("tag.o")).EnsureSuccess();
        using var veth = new RootVeth();
        string name = $"{veth.Name}-tag";
        try
        {
            var load = Command.Cli("load", Object("tag.o"), "-i", veth.Name, "-n", name).EnsureSuccess();
            var line = Assert.Single(load.Stdout.Split('\n'), l => l.StartsWith("traits: ", StringComparison.Ordinal));
            Assert.Matches(@"^traits: meta backend; tbpf_test_tag = key \d+; integer key 9$", line);
            int key = int.Parse(line.Split("key ")[1].Split(';')[0], System.Globalization.CultureInfo.InvariantCulture);

            var report = JsonDocument.Parse(Command.Cli("traits", "--json").EnsureSuccess().Stdout).RootElement;
            Assert.Equal(RegistryPin, report.GetProperty("registry").GetString());
            var entry = report.GetProperty("traits").EnumerateArray().Single(t => t.GetProperty("name").GetString() == "tbpf_test_tag");
            Assert.Equal(key, entry.GetProperty("key").GetInt32());
            Assert.Equal(8, entry.GetProperty("size").GetInt32());
            Assert.Equal("System.UInt64", entry.GetProperty("type").GetString());
            Assert.Equal($"program 'reg_tag' ({Object("tag.o")})", entry.GetProperty("registeredBy").GetString());
            Assert.Equal([name], entry.GetProperty("usedBy").EnumerateArray().Select(u => u.GetString()));
            var integer = report.GetProperty("integerKeys").EnumerateArray().Single(k => k.GetProperty("key").GetInt32() == RegistryPrograms.IntegerKey);
            Assert.Contains(name, integer.GetProperty("usedBy").EnumerateArray().Select(u => u.GetString()));
            Assert.NotEqual(RegistryPrograms.IntegerKey, key);

            var text = Command.Cli("traits").EnsureSuccess().Stdout;
            Assert.Matches($@"(?m)^\s*{key}  tbpf_test_tag\s+8  System\.UInt64\s+.*{name}", text);

            var list = JsonDocument.Parse(Command.Cli("list", "--json").EnsureSuccess().Stdout).RootElement;
            var traits = list.EnumerateArray().Single(a => a.GetProperty("name").GetString() == name).GetProperty("traits");
            Assert.Equal("meta", traits.GetProperty("backend").GetString());
            Assert.Equal(["tbpf_test_tag"], traits.GetProperty("names").EnumerateArray().Select(n => n.GetString()));
            Assert.Contains("traits: meta backend; named tbpf_test_tag; integer key 9", Command.Cli("list").EnsureSuccess().Stdout, StringComparison.Ordinal);

            // A second load of the same trait keeps its key.
            var again = Command.Cli("run", Object("tag.o"), "--hex", new string('0', 128), "-v").EnsureSuccess();
            Assert.Contains($"tbpf_test_tag = key {key}", again.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            Command.Cli("detach", "-n", name);
        }

        var after = JsonDocument.Parse(Command.Cli("traits", "--json").EnsureSuccess().Stdout).RootElement;
        var kept = after.GetProperty("traits").EnumerateArray().Single(t => t.GetProperty("name").GetString() == "tbpf_test_tag");
        Assert.Empty(kept.GetProperty("usedBy").EnumerateArray());
    }

    [Fact]
    public void AConflictingDeclarationIsRefusedNamingBothPrograms()
    {
        // Another program registered the name as 8 bytes (through the library, as traitsbpf does).
        var wide = new TraitManifest(TraitsBackend.Meta, [new TraitsManifestEntry("tbpf_test_conflict", 8, "System.UInt64", "__trait_tbpf_test_conflict")], [], []);
        new HostTraitRegistry().Assign(wide, "program 'reg_wide' (wide.o)");

        Command.Cli("compile", Assembly, "-p", "reg_narrow", "-o", Object("narrow.o")).EnsureSuccess();
        var conflict = Command.Cli("run", Object("narrow.o"), "--hex", new string('0', 128));
        Assert.Equal(13, conflict.ExitCode);
        Assert.Matches(
            @"^error: trait 'tbpf_test_conflict' is registered on this host as 8-byte System\.UInt64 \(key \d+\) by program 'reg_wide' \(wide\.o\), but program 'reg_narrow' \(\S+narrow\.o\) declares it as 4-byte System\.UInt32; one name has one type on a host, so rename one of them\.\n$",
            conflict.Stderr);
    }

    private string Object(string name) => Path.Combine(scratch, name);

    /// <summary>Removes the names these tests register from the host's registry (and the registry, if the tests created it and it is empty).</summary>
    private void ForgetTestNames()
    {
        if (!File.Exists(RegistryPin))
        {
            return;
        }

        bool empty;
        using (var map = PinnedMap.Open(RegistryPin))
        {
            foreach (var key in map.Keys().ToList())
            {
                if (System.Text.Encoding.UTF8.GetString(key).TrimEnd('\0').StartsWith(RegistryPrograms.NamePrefix, StringComparison.Ordinal))
                {
                    map.Delete(key);
                }
            }

            empty = !map.Keys().Any();
        }

        if (empty && !registryExisted)
        {
            File.Delete(RegistryPin);
        }
    }
}
