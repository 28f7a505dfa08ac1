using System.Text.Json;
using TraitsBpf.Loader.Kernel;
using TraitsBpf.Loader.Tests.Infrastructure;

namespace TraitsBpf.Loader.Tests;

/// <summary>`traitsbpf kernel` against bpftool's view of the kernel BTF, and `traitsbpf dump` against clang's object.</summary>
public sealed class KernelAndDumpTests
{
    [Fact]
    public void Kernel_reports_what_the_vmlinux_BTF_says()
    {
        Run.RequireTool("bpftool");
        var btf = Run.Command("bpftool", "btf", "dump", "file", KernelFeatures.VmlinuxBtfPath).EnsureSuccess().Stdout;

        var report = JsonDocument.Parse(Traitsbpf.Run("kernel", "--json").EnsureSuccess().Stdout).RootElement;

        foreach (var kfunc in TraitsBpf.Abi.TraitKfuncs.All)
            Assert.Equal(btf.Contains($"FUNC '{kfunc}'", StringComparison.Ordinal), report.GetProperty("traitKfuncs").GetProperty(kfunc).GetBoolean());
        Assert.Equal(btf.Contains("'BPF_LINK_TYPE_XDP' val=", StringComparison.Ordinal), report.GetProperty("xdpLinks").GetBoolean());
        Assert.Equal(btf.Contains("'BPF_TCX_INGRESS' val=", StringComparison.Ordinal), report.GetProperty("tcxLinks").GetBoolean());
        Assert.Equal(File.ReadAllText("/proc/sys/kernel/osrelease").Trim(), report.GetProperty("release").GetString());
        var allKfuncs = TraitsBpf.Abi.TraitKfuncs.All.All(k => btf.Contains($"FUNC '{k}'", StringComparison.Ordinal));
        Assert.Equal(allKfuncs ? "kfunc" : "meta", report.GetProperty("traitsBackend").GetString());
    }

    [Fact]
    public void Kernel_reports_cgroup_v2_as_proc_filesystems_and_mountinfo_say()
    {
        var report = JsonDocument.Parse(Traitsbpf.Run("kernel", "--json").EnsureSuccess().Stdout).RootElement;

        Assert.Equal(File.ReadAllText("/proc/filesystems").Contains("\tcgroup2\n", StringComparison.Ordinal), report.GetProperty("cgroupV2").GetBoolean());
        // CgroupAttachTests may mount and unmount private hierarchies meanwhile (tbpf-cgroup2-*): they are left out on both sides.
        static bool Lasting(string mountPoint) => !mountPoint.Contains("tbpf-cgroup2-", StringComparison.Ordinal);
        var mounts = File.ReadLines("/proc/self/mountinfo").Where(l => l.Contains(" - cgroup2 ", StringComparison.Ordinal)).Select(l => l.Split(' ')[4]).Where(Lasting);
        Assert.Equal(mounts, report.GetProperty("cgroupV2Mounts").EnumerateArray().Select(m => m.GetString()!).Where(Lasting));
    }

    [Fact]
    public void The_quick_trait_kfunc_check_agrees_with_the_full_BTF_parse()
    {
        var vmlinux = File.ReadAllBytes(KernelFeatures.VmlinuxBtfPath);
        var parsed = KernelFeatures.Probe(KernelFeatures.VmlinuxBtfPath);

        // The byte search may only ever answer "cannot have them"; it must never contradict the parse.
        if (KernelFeatures.LacksTraitKfuncNames(vmlinux))
            Assert.Equal("meta", parsed.TraitsBackend);
        Assert.Equal(parsed.TraitsBackend, KernelFeatures.CurrentTraitsBackend());

        // Bytes holding every name (as a string table does) are not ruled out; one name missing is.
        var names = TraitsBpf.Abi.TraitKfuncs.All.SelectMany(n => System.Text.Encoding.ASCII.GetBytes("\0" + n + "\0")).ToArray();
        Assert.False(KernelFeatures.LacksTraitKfuncNames(names));
        var allButLast = TraitsBpf.Abi.TraitKfuncs.All.SkipLast(1).SelectMany(n => System.Text.Encoding.ASCII.GetBytes("\0" + n + "\0")).ToArray();
        Assert.True(KernelFeatures.LacksTraitKfuncNames(allButLast));
    }

    [Fact]
    public void Dump_interleaves_every_instruction_with_its_source_lines()
    {
        Run.RequireTool("llvm-objdump");
        var objdump = Run.Command("llvm-objdump", "-d", "--no-show-raw-insn", ClangObjects.Path("verdicts")).EnsureSuccess().Stdout;
        var clangInstructions = SectionLines(objdump, "tc").Count(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\s*\d+:\t"));

        var dump = Traitsbpf.Run("dump", ClangObjects.Path("verdicts"), "--program", "tc_verdict").EnsureSuccess().Stdout.TrimEnd('\n').Split('\n');

        Assert.Equal($"tc_verdict (section tc, {clangInstructions} instructions)", dump[0]);
        Assert.Equal(clangInstructions, dump.Count(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\s+\d+: ")));
        var source = File.ReadAllLines(ClangObjects.Source("verdicts"));
        var annotations = dump.Where(l => l.StartsWith("; ", StringComparison.Ordinal)).ToList();
        Assert.Contains("; return port == 9 ? TC_ACT_SHOT : TC_ACT_OK; @ verdicts.c:" + (Array.FindIndex(source, l => l.Contains("port == 9 ? TC_ACT_SHOT", StringComparison.Ordinal)) + 1), annotations);
        foreach (var annotation in annotations)
        {
            var at = annotation.LastIndexOf(" @ verdicts.c:", StringComparison.Ordinal);
            var line = int.Parse(annotation[(at + " @ verdicts.c:".Length)..]);
            Assert.Equal(source[line - 1].Trim(), annotation[2..at]);
        }
    }

    [Fact]
    public void Dump_names_what_relocated_instructions_refer_to()
    {
        var dump = Traitsbpf.Run("dump", ClangObjects.Path("xdp_counter")).EnsureSuccess().Stdout;

        Assert.Contains("r1 = 0x0 ll  ; counters (R_BPF_64_64)", dump, StringComparison.Ordinal);
        Assert.Contains("; percpu_packets (R_BPF_64_64)", dump, StringComparison.Ordinal);
    }

    [Fact]
    public void Dump_of_an_unknown_program_exits_7()
    {
        var result = Traitsbpf.Run("dump", ClangObjects.Path("verdicts"), "--program", "nope");

        Assert.Equal(7, result.ExitCode);
        Assert.Equal("error: object 'verdicts' has no program named 'nope'; its programs are: xdp_verdict, tc_verdict, socket_length.\n", result.Stderr);
    }

    private static IEnumerable<string> SectionLines(string objdump, string section)
    {
        var inSection = false;
        foreach (var line in objdump.Split('\n'))
        {
            if (line.StartsWith("Disassembly of section ", StringComparison.Ordinal))
                inSection = line == $"Disassembly of section {section}:";
            else if (inSection)
                yield return line;
        }
    }
}
