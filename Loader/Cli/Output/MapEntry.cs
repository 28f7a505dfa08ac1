namespace TraitsBpf.Cli.Output;

/// <summary>One key of a map: hex always, and the little-endian integer when the size is 1, 2, 4 or 8 bytes.</summary>
/// <param name="Key">The key in hex.</param>
/// <param name="KeyInt">The key as an unsigned integer, when it has an integer's size.</param>
/// <param name="Value">The value in hex (for per-CPU maps: CPU 0's).</param>
/// <param name="ValueInt">The value as an unsigned integer (for per-CPU maps: the sum over CPUs).</param>
/// <param name="PerCpu">For per-CPU maps: each possible CPU's value in hex.</param>
/// <param name="InnerMap">For a map of maps: the kernel's name of the map in the slot (the value is its id), or null when it is gone.</param>
public sealed record MapEntry(string Key, ulong? KeyInt, string Value, ulong? ValueInt, IReadOnlyList<string>? PerCpu, string? InnerMap = null)
{
    /// <summary>For a CPU or device map slot that holds a program: the program's id (the value is the slot's target).</summary>
    public uint? ProgramId { get; init; }

    /// <summary>The kernel's name of the program <see cref="ProgramId"/> names, or null when it is gone.</summary>
    public string? Program { get; init; }
}
