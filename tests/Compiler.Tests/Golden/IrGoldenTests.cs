using TraitsBpf.Abi;

namespace TraitsBpf.Compiler.Tests.Golden;

/// <summary>
/// The IR each construct compiles to, after the pass pipeline, equals the checked-in
/// <c>Golden/name.ir</c>: one program in <see cref="GoldenPrograms"/> and one row here per
/// construct. Values and blocks are renumbered in layout order, so the text is stable.
/// </summary>
public sealed class IrGoldenTests
{
    public static TheoryData<string, TraitsBackend> Programs => new()
    {
        { "ir_map_lookup", TraitsBackend.Meta },
        { "ir_helper", TraitsBackend.Meta },
        { "ir_packet_load", TraitsBackend.Meta },
        { "ir_byte_order", TraitsBackend.Meta },
        { "ir_math_min", TraitsBackend.Meta },
        { "ir_popcount", TraitsBackend.Meta },
        { "ir_bit_operations", TraitsBackend.Meta },
        { "ir_block_move", TraitsBackend.Meta },
        { "ir_interlocked", TraitsBackend.Meta },
        { "ir_trait_set", TraitsBackend.Kfunc },
        { "ir_header", TraitsBackend.Meta },
        { "ir_loop", TraitsBackend.Meta },
        { "ir_struct_field", TraitsBackend.Meta },
        { "ir_span", TraitsBackend.Meta },
        { "ir_constant_table", TraitsBackend.Meta },
        { "ir_sock_addr", TraitsBackend.Meta },
        { "ir_bpf_loop", TraitsBackend.Meta },
        { "ir_syn_cookie", TraitsBackend.Meta },
        { "ir_syn_cookie_listener", TraitsBackend.Meta },
        { "ir_ringbuf_dynptr", TraitsBackend.Meta },
        { "ir_user_ringbuf", TraitsBackend.Meta },
        { "ir_socket_cast", TraitsBackend.Meta },
    };

    [Theory]
    [MemberData(nameof(Programs))]
    public void IrMatchesTheGoldenFile(string program, TraitsBackend traits)
    {
        var functions = BpfCompiler.CompileToIr(typeof(GoldenPrograms).Assembly.Location, new CompilerOptions { Programs = [program], Traits = traits });
        GoldenFile.Check($"{program}.ir", string.Concat(functions.Select(f => f.ToString())));
    }

    [Fact]
    public void EveryGoldenFileHasAProgram()
    {
        var names = Programs.Select(row => (string)row[0]).ToHashSet();
        var stale = Directory.GetFiles(GoldenFile.Folder, "*.ir").Select(Path.GetFileNameWithoutExtension).Where(n => !names.Contains(n!));
        Assert.Empty(stale);
    }

    [Fact]
    public void AMismatchIsShownAsALineDiff() =>
        Assert.Equal("  B0:\n- ret 1\n+ ret 2\n", GoldenFile.Diff("B0:\nret 1", "B0:\nret 2"));
}
