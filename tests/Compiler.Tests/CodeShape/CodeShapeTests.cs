using System.Text.RegularExpressions;
using TraitsBpf.Object;

namespace TraitsBpf.Compiler.Tests.CodeShape;

/// <summary>
/// Where the best code is obvious, the compiler must produce it: the same instructions clang
/// -O2 emits for the equivalent C (compared as text from our disassembler).
/// </summary>
public sealed class CodeShapeTests
{
    private static string[] Disassemble(string program)
    {
        var result = BpfCompiler.Compile(typeof(MinimalPrograms).Assembly.Location, new CompilerOptions { Programs = [program] });
        var file = ObjectReader.Read(result.Object);
        var code = file.CodeOf(file.Programs.Single(p => p.Name == program));
        return BpfDisassembler.Disassemble(code.Span).Select(i => i.Text).ToArray();
    }

    [Fact]
    public void ReturningAnActionIsTwoInstructions() =>
        Assert.Equal(["w0 = 2", "exit"], Disassemble("min_pass"));

    [Fact]
    public void ABoundsCheckIsOneComparison()
    {
        var code = Disassemble("min_check");
        Assert.InRange(code.Length, 6, 8);
        Assert.Single(code, i => i.StartsWith("if r", StringComparison.Ordinal));
        Assert.Single(code, i => Regex.IsMatch(i, @"^r\d = \*\(u32 \*\)\(r1 \+ 0\)$"));
        Assert.Single(code, i => Regex.IsMatch(i, @"^r\d = \*\(u32 \*\)\(r1 \+ 4\)$"));
    }

    /// <summary>
    /// clang's <c>return load_half(skb, 12)</c> is the same less the <c>w0 = w0</c>: the verifier marks a classic
    /// load's r0 unknown in all 64 bits, and the 32-bit move is what tells it the uint is a uint.
    /// </summary>
    [Fact]
    public void AClassicLoadKeepsTheContextInR6AsClangDoes() =>
        Assert.Equal(["r6 = r1", "r0 = *(u16 *)skb[12]", "w0 = w0", "exit"], Disassemble("min_ld_abs"));

    [Fact]
    public void AClassicLoadAtAVariableOffsetIsLdIndAndKeepsLiveValuesOutOfR0ToR5()
    {
        Assert.Equal(["r6 = r1", "r0 = *(u8 *)skb[0]", "r7 = r0", "r0 = *(u16 *)skb[r7]", "w0 += w7", "exit"], Disassemble("min_ld_ind"));
    }

    [Fact]
    public void ContextFieldsAreLoadedAndStoredInPlace()
    {
        var code = Disassemble("min_mark");
        Assert.Equal(5, code.Length);
        Assert.Matches(@"^r(\d) = \*\(u32 \*\)\(r1 \+ 8\)$", code[0]);
        Assert.Matches(@"^w\d \|= 16$", code[1]);
        Assert.Matches(@"^\*\(u32 \*\)\(r1 \+ 8\) = r\d$", code[2]);
        Assert.Equal(["w0 = 0", "exit"], code[3..]);
    }

    [Fact]
    public void A64BitConstantIsLoadedOncePerBlock()
    {
        var code = Disassemble("min_masks");
        Assert.Single(code, i => i.EndsWith("= 0x5555555555555555 ll", StringComparison.Ordinal));
    }

    [Fact]
    public void VariableShiftCountsAreMaskedOnlyWhereCSharpMasksThem()
    {
        var code = Disassemble("min_shifts");
        Assert.Single(code, i => Regex.IsMatch(i, @"^[rw]\d &= 63$"));
        Assert.Equal(2, code.Count(i => Regex.IsMatch(i, @"^r\d (<<|>>)= r\d$")));
    }

    [Fact]
    public void TheTraitStoresMoveLoopKeepsEverythingInRegisters()
    {
        // Spill costs weigh uses inside loops, so values used only outside the loop go to the stack instead.
        var code = Disassemble("min_trait_set");
        var loops = BackwardJumps(code).ToList();
        Assert.NotEmpty(loops);
        foreach (var (start, end) in loops)
        {
            Assert.DoesNotContain(code[start..(end + 1)], i => i.Contains("r10", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void NoSpillIsReloadedStraightAfterItIsStored()
    {
        foreach (var program in new[] { "min_masks", "min_shifts", "min_trait_set" })
        {
            var code = Disassemble(program);
            for (int i = 0; i + 1 < code.Length; i++)
            {
                var store = Regex.Match(code[i], @"^\*\(u64 \*\)\(r10 - (\d+)\) = r\d$");
                Assert.False(store.Success && code[i + 1].EndsWith($"= *(u64 *)(r10 - {store.Groups[1].Value})", StringComparison.Ordinal),
                    $"{program}: '{code[i]}' is reloaded by '{code[i + 1]}'");
            }
        }
    }

    [Fact]
    public void NoJumpLandsOnTheNextInstruction()
    {
        // A set with constant flags once left "if w1 != 0 goto +0" behind: both edges met in an empty block.
        foreach (var program in new[] { "min_masks", "min_shifts", "min_trait_set" })
        {
            Assert.DoesNotContain(Disassemble(program), i => i.EndsWith("goto +0", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("min_loop_and")]
    [InlineData("min_loop_break")]
    [InlineData("min_loop_return")]
    public void LoopsWithEarlyExitsAndAKnownBoundAreUnrolled(string program)
    {
        // Kept as loops, the verifier walks them once per trip (icmp_reflect: 215 verified
        // instructions against clang's 112, its checksum loop being the whole difference).
        var code = Disassemble(program);
        Assert.Empty(BackwardJumps(code));
    }

    [Fact]
    public void ATwoSidedRangeTestIsOneUnsignedComparison()
    {
        var code = Disassemble("min_range");
        Assert.Single(code, i => Regex.IsMatch(i, @"^w\d (\+= -5060|-= 5060)$"));
        Assert.Single(code, i => Regex.IsMatch(i, @"^if w\d > 20 goto"));
        Assert.DoesNotContain(code, i => i.Contains("5080", StringComparison.Ordinal));
    }

    [Fact]
    public void AWalkWhoseResultOnlyItsSignTestUsesIsRemoved()
    {
        // Kept, each of its exits reached the rest of the program with its own state
        // (xdp_vlan_swap: 950 verified instructions against clang's 260).
        var code = Disassemble("min_walk_unused");
        Assert.Single(code, i => i.StartsWith("if r", StringComparison.Ordinal));
        Assert.DoesNotContain(code, i => Regex.IsMatch(i, @"\*\(u16 \*\)\(r\d \+ (12|16|20|24|28)\)"));
    }

    [Fact]
    public void ACopyThroughAnOutParameterPointerIsAsWideAsClangs()
    {
        var code = Disassemble("min_copy_through_out");
        Assert.DoesNotContain(code, i => i.Contains("*(u8 *)", StringComparison.Ordinal));
        // Each address written into the packet as one 4-byte and one 2-byte store.
        Assert.Equal(2, code.Count(i => Regex.IsMatch(i, @"^\*\(u32 \*\)\(r[0-9] \+ \d+\) = r\d$")));
        Assert.Equal(2, code.Count(i => Regex.IsMatch(i, @"^\*\(u16 \*\)\(r[0-9] \+ \d+\) = r\d$")));
    }

    [Fact]
    public void PacketPointersAreReadAgainAfterACall()
    {
        // Kept across the lookup, they would reach the common tail with a different checked
        // range on each path and the verifier could prune none (xdp_patch_ports: 1101 verified
        // instructions against clang's 717).
        var code = Disassemble("min_length_after_call");
        int call = Array.FindIndex(code, i => i.StartsWith("call ", StringComparison.Ordinal));
        Assert.Contains(code[call..], i => Regex.IsMatch(i, @"= \*\(u32 \*\)\(r\d \+ 0\)$"));
        Assert.Contains(code[call..], i => Regex.IsMatch(i, @"= \*\(u32 \*\)\(r\d \+ 4\)$"));
    }

    /// <summary>Each loop as the index range from a backward jump's target to the jump.</summary>
    private static IEnumerable<(int Start, int End)> BackwardJumps(string[] code)
    {
        // Instruction indexes count ld_imm64 as two slots; map slots back to lines.
        var lineOfSlot = new Dictionary<int, int>();
        int slot = 0;
        for (int i = 0; i < code.Length; i++)
        {
            lineOfSlot[slot] = i;
            slot += code[i].EndsWith(" ll", StringComparison.Ordinal) ? 2 : 1;
        }

        foreach (var (line, at) in lineOfSlot.Select(p => (p.Value, p.Key)))
        {
            var jump = Regex.Match(code[line], @"goto -(\d+)$");
            if (jump.Success)
            {
                yield return (lineOfSlot[at + 1 - int.Parse(jump.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)], line);
            }
        }
    }
}
