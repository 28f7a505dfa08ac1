using TraitsBpf.Object.Tests.Support;

namespace TraitsBpf.Object.Tests.Vocabulary;

/// <summary>
/// The vocabulary against the running kernel's own BTF (enum bpf_map_type, enum bpf_func_id):
/// every map type and helper the kernel has is in our enums with the same number, and the
/// helper table is one entry per helper at its number.
/// </summary>
public sealed class KernelVocabularyTests
{
    [Fact]
    public void BpfMapTypeHasEveryMapTypeOfTheRunningKernel()
    {
        var kernel = RunningKernel.Btf.Enumerators("bpf_map_type")
            .Where(e => e.Key.StartsWith("BPF_MAP_TYPE_", StringComparison.Ordinal))
            .Select(e => e.Value)
            .ToHashSet();

        Assert.NotEmpty(kernel);
        Assert.Equal(kernel.Order(), Enum.GetValues<BpfMapType>().Select(t => (long)t).Order());
    }

    [Fact]
    public void BpfHelperHasEveryHelperOfTheRunningKernelUnderItsCName()
    {
        var kernel = RunningKernel.Btf.Enumerators("bpf_func_id")
            .Where(e => e.Key.StartsWith("BPF_FUNC_", StringComparison.Ordinal))
            .ToDictionary(e => e.Value, e => e.Key["BPF_FUNC_".Length..]);

        Assert.Equal(kernel.Keys.Order(), Enum.GetValues<BpfHelper>().Select(h => (long)h).Order());
        foreach (var (id, name) in kernel)
        {
            string expected = id == 0 ? "BPF_FUNC_unspec" : "bpf_" + name;
            Assert.Equal(expected, BpfHelpers.Of((BpfHelper)id).Name);
        }
    }

    [Fact]
    public void TheHelperTableHasOneEntryPerHelperAtItsNumber()
    {
        Assert.Equal(Enum.GetValues<BpfHelper>().Length, BpfHelpers.All.Count);
        for (int id = 0; id < BpfHelpers.All.Count; id++)
        {
            BpfHelperInfo helper = BpfHelpers.All[id];
            Assert.Equal((BpfHelper)id, helper.Id);
            Assert.True(id == 0 || helper.Prototype.Contains(helper.Name + "(", StringComparison.Ordinal), $"{helper.Name}: {helper.Prototype}");
            Assert.All(helper.ReadOnlyArguments, argument => Assert.InRange(argument, 0, 4));
            Assert.True(!helper.ChangesPacketData || helper.InvalidatesPacketPointers, helper.Name);
        }
    }

    [Fact]
    public void AHelperNumberOutsideTheTableIsRefusedByName()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => BpfHelpers.Of((BpfHelper)BpfHelpers.All.Count));

        Assert.Contains($"helper {BpfHelpers.All.Count} is not in the table", error.Message, StringComparison.Ordinal);
    }
}
