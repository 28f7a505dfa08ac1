using TraitsBpf.Loader.Interop;

namespace TraitsBpf.Loader;

/// <summary>The number of possible CPUs, which sizes every per-CPU map value buffer.</summary>
internal static class PossibleCpus
{
    private static readonly Lazy<int> s_count = new(() =>
    {
        var count = Native.libbpf_num_possible_cpus();
        return count > 0
            ? count
            : throw new LoaderException(LoaderErrorKind.Failed, $"cannot count the possible CPUs: {Errno.Describe(count)}");
    });

    public static int Count => s_count.Value;
}
