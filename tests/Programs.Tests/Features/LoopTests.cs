using TraitsBpf.Programs.Tests.Infrastructure;
using TraitsBpf.Programs.Tests.Samples;

namespace TraitsBpf.Programs.Tests.Features;

/// <summary>Compiles and loads the bpf_loop programs once.</summary>
public sealed class LoopFixture : IDisposable
{
    public LoopFixture() => Programs = new CompiledAssembly(typeof(LoopPrograms).Assembly.Location, "loop_lambda", "loop_method");

    public CompiledAssembly Programs { get; }

    public void Dispose() => Programs.Dispose();
}

/// <summary>
/// <c>Bpf.Loop</c> compiles to bpf_loop with the callback a static subprogram whose address is a
/// <c>BPF_PSEUDO_FUNC</c> load, as clang emits it; the kernel and managed execution run the same
/// iterations, stop at the same index and leave the same state.
/// </summary>
public sealed class LoopTests(LoopFixture fixture) : IClassFixture<LoopFixture>
{
    [Fact]
    public void A_static_lambda_loop_agrees_with_managed_code()
    {
        var random = new Random(181);
        for (int n = 0; n < 200; n++)
        {
            var packet = new byte[random.Next(16, 64)];
            random.NextBytes(packet);
            SampleRunner.Xdp(fixture.Programs, "loop_lambda", LoopPrograms.Lambda, packet);
        }
    }

    [Theory]
    [InlineData(0, 0u)]
    [InlineData(5, 3u)]
    [InlineData(5, 100u)]
    [InlineData(60000, 70000u)]
    [InlineData(0xFFFF, 0x00FF_FFFFu)]
    public void A_static_method_loop_agrees_with_managed_code(ushort limit, uint count)
    {
        var packet = new byte[32];
        BitConverter.GetBytes(limit).CopyTo(packet, 2);
        BitConverter.GetBytes(count).CopyTo(packet, 4);
        var run = SampleRunner.Xdp(fixture.Programs, "loop_method", LoopPrograms.Method, packet);
        int iterations = BitConverter.ToInt32(run.Output, 0);
        Assert.Equal(count > Bpf.MaxLoops ? -Errno.E2BIG : (int)Math.Min(count, (uint)limit + 1), iterations);
    }

    [Fact]
    public void The_callback_is_a_static_subprogram_loaded_as_clang_loads_it()
    {
        var path = Path.Combine(Path.GetTempPath(), $"loop-{Environment.ProcessId}.o");
        File.WriteAllBytes(path, fixture.Programs.Result.Object);
        try
        {
            var code = Tool.RunClean("llvm-objdump", "-dr", path).Output;
            Assert.Matches(@"r2 = 0 ll\s+\S+:\s+R_BPF_64_64\s+\.text", code);
            Assert.Contains("call 181", code);
            var symbols = Tool.RunClean("llvm-readelf", "-s", path).Output;
            Assert.Matches(@"FUNC\s+LOCAL\s+DEFAULT\s+\d+\s+\S*_callback", symbols);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
