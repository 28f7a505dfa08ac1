namespace TraitsBpf.Loader;

/// <summary>A program in the kernel: one of a loaded <see cref="BpfObject"/>, or one opened from a pin.</summary>
public interface IBpfProgram
{
    /// <summary>The program's name.</summary>
    string Name { get; }

    /// <summary>The program type.</summary>
    BpfProgramType Type { get; }

    /// <summary>The program's file descriptor.</summary>
    int Fd { get; }

    /// <summary>Runs the program once per repetition over <paramref name="packet"/> with <c>BPF_PROG_TEST_RUN</c>.</summary>
    TestRunResult TestRun(ReadOnlySpan<byte> packet, int repeat = 1);

    /// <summary>
    /// Runs the program over <paramref name="packet"/> with an explicit input context
    /// (<c>struct xdp_md</c> for XDP, <c>struct __sk_buff</c> for skb programs); the
    /// context after the run is returned in <see cref="TestRunResult.ContextOut"/>.
    /// </summary>
    TestRunResult TestRun(ReadOnlySpan<byte> packet, ReadOnlySpan<byte> contextIn, int repeat = 1);

    /// <summary>What the kernel reports about the program.</summary>
    BpfProgramInfo Info();
}
