namespace TraitsBpf.Object.Reading;

/// <summary>
/// A function's prototype as libbpf compares a kfunc's declaration with the kernel's: each type reduced to
/// its kind after typedefs and qualifiers (an integer of any size, a struct of any name, a pointer to such),
/// the way two prototypes either match or name the first place they differ.
/// </summary>
/// <param name="Result">The result's shape, e.g. <c>pointer to void</c>.</param>
/// <param name="Parameters">Each parameter's name and shape.</param>
public sealed record BtfFunctionShape(string Result, IReadOnlyList<(string Name, string Shape)> Parameters)
{
    /// <summary>
    /// Where <paramref name="declared"/> differs from <paramref name="kernel"/> as a phrase ("the result is a pointer to
    /// integer where the kernel's is a pointer to void"), or null when libbpf would accept it.
    /// </summary>
    public static string? Difference(BtfFunctionShape declared, BtfFunctionShape kernel)
    {
        ArgumentNullException.ThrowIfNull(declared);
        ArgumentNullException.ThrowIfNull(kernel);
        if (declared.Parameters.Count != kernel.Parameters.Count)
            return $"it takes {declared.Parameters.Count} parameters where the kernel's takes {kernel.Parameters.Count} ({string.Join(", ", kernel.Parameters.Select(p => $"{p.Name}: {p.Shape}"))})";
        if (declared.Result != kernel.Result)
            return $"the result is {Article(declared.Result)} where the kernel's is {Article(kernel.Result)}";
        for (int p = 0; p < declared.Parameters.Count; p++)
        {
            if (declared.Parameters[p].Shape != kernel.Parameters[p].Shape)
                return $"parameter {p + 1} ('{declared.Parameters[p].Name}') is {Article(declared.Parameters[p].Shape)} where the kernel's ('{kernel.Parameters[p].Name}') is {Article(kernel.Parameters[p].Shape)}";
        }
        return null;
    }

    private static string Article(string shape) => shape == "void" ? "void" : (shape[0] is 'a' or 'e' or 'i' or 'u' ? "an " : "a ") + shape;
}
