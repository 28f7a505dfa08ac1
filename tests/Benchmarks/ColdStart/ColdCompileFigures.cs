namespace TraitsBpf.Benchmarks.ColdStart;

/// <summary>Median whole-process times to compile one C twin's programs: ours native, ours as the dotnet tool, and clang.</summary>
/// <param name="Twin">The C twin's file name.</param>
/// <param name="Programs">The programs it defines, which ours compiles with one --program each.</param>
/// <param name="NativeMs">The NativeAOT traitsbpf.</param>
/// <param name="ToolMs">`dotnet traitsbpf.dll`, as the dotnet tool runs.</param>
/// <param name="ClangMs">clang on the twin.</param>
public sealed record ColdCompileFigures(string Twin, IReadOnlyList<string> Programs, double NativeMs, double ToolMs, double ClangMs)
{
    /// <summary>Native over clang: at most 1 means no slower than clang.</summary>
    public double NativeRatio => NativeMs / ClangMs;
}
