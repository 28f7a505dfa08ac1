using TraitsBpf.Cli;
using TraitsBpf.Compiler;
using TraitsBpf.Loader.Tests.Infrastructure;
using TraitsBpf.Samples;

namespace TraitsBpf.Loader.Tests;

/// <summary>
/// The NativeAOT traitsbpf that ./build.sh publishes (artifacts/native/traitsbpf, what ./traitsbpf links to)
/// behaves as the dotnet tool does: same help, same usage errors and exit codes, and byte-identical objects.
/// </summary>
public sealed class NativeCliTests
{
    private static readonly string Samples = typeof(PortFilter).Assembly.Location;

    private static string Native
    {
        get
        {
            var path = Path.Combine(Repository.Root, "artifacts", "native", "traitsbpf");
            Assert.True(File.Exists(path), $"the NativeAOT traitsbpf is not published at {path}; ./build.sh publishes it");
            return path;
        }
    }

    [Fact]
    public void Help_is_the_tools_help()
    {
        var native = Run.Command(Native, "--help");
        var (code, stdout, _) = InProcessCli.Run("--help");

        Assert.Equal(0, native.ExitCode);
        Assert.Equal(code, native.ExitCode);
        Assert.Equal(stdout, native.Stdout);
        Assert.Matches(@"(?m)^  compile\s", native.Stdout);
    }

    [Theory]
    [InlineData("load", "x.o", "--tc", "ingress")]
    [InlineData("bogus")]
    [InlineData("compile", "x.dll", "--traits", "turbo")]
    public void A_usage_mistake_exits_2_with_the_tools_sentence(params string[] args)
    {
        var native = Run.Command(Native, args);
        var (_, _, stderr) = InProcessCli.Run(args);

        Assert.Equal(2, native.ExitCode);
        Assert.Equal(stderr, native.Stderr);
    }

    [Fact]
    public void The_stash_reaper_compiles_from_the_SDK_beside_the_native_binary()
    {
        // What load --traits stash does first: compile the reaper from TraitsBpf.Sdk.dll beside traitsbpf.
        var sdk = Path.Combine(Path.GetDirectoryName(Native)!, "TraitsBpf.Sdk.dll");
        var output = Path.Combine(Path.GetTempPath(), $"reaper-{Guid.NewGuid():N}.o");
        try
        {
            var native = Run.Command(Native, "compile", sdk, "--traits", "stash", "--program", Abi.TraitStashFormat.ReaperConsumeProgram, "-o", output);

            Assert.True(native.ExitCode == 0, native.Stderr);
            Assert.True(new FileInfo(output).Length > 0);
        }
        finally
        {
            File.Delete(output);
        }
    }

    [Fact]
    public void A_missing_assembly_exits_3()
    {
        var native = Run.Command(Native, "compile", "/nonexistent/Programs.dll");

        Assert.Equal((int)ExitCode.FileNotFound, native.ExitCode);
        Assert.Contains("does not exist", native.Stderr, StringComparison.Ordinal);
    }

    public static TheoryData<string[]> Compilations()
    {
        var data = new TheoryData<string[]> { new[] { "--traits", "meta" }, new[] { "--traits", "kfunc" } };
        foreach (var program in BpfCompiler.Compile(Samples, new CompilerOptions()).Programs)
            data.Add(["--traits", "meta", "--program", program.Name]);
        return data;
    }

    [Theory]
    [MemberData(nameof(Compilations))]
    public void Compiles_the_samples_to_the_same_bytes_as_the_tool(string[] selection)
    {
        var directory = Directory.CreateTempSubdirectory("traitsbpf-native-");
        try
        {
            var nativeObject = Path.Combine(directory.FullName, "native.bpf.o");
            var toolObject = Path.Combine(directory.FullName, "tool.bpf.o");

            var native = Run.Command(Native, ["compile", Samples, "-o", nativeObject, .. selection], stdin: null).EnsureSuccess();
            var (code, _, stderr) = InProcessCli.Run(["compile", Samples, "-o", toolObject, .. selection]);

            Assert.True(code == 0, stderr);
            Assert.Contains($"wrote {nativeObject}", native.Stdout, StringComparison.Ordinal);
            Assert.Equal(File.ReadAllBytes(toolObject), File.ReadAllBytes(nativeObject));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
