using TraitsBpf.Object.Reading;

namespace TraitsBpf.Object.Tests.Support;

/// <summary>The running kernel's BTF, read and parsed once for the tests that check our vocabulary and readers against it.</summary>
internal static class RunningKernel
{
    private const string BtfPath = "/sys/kernel/btf/vmlinux";

    private static readonly Lazy<BtfFile> Parsed = new(() => BtfFile.Read(File.ReadAllBytes(BtfPath), BtfPath));

    /// <summary>/sys/kernel/btf/vmlinux, parsed.</summary>
    public static BtfFile Btf => Parsed.Value;
}
