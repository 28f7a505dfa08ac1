using TraitsBpf.Compiler.Diagnostics;

namespace TraitsBpf.Compiler.Frontend;

/// <summary>
/// Something the static constructor interpreter cannot evaluate faithfully, with the C# line of
/// the IL that does it. It stops evaluation; the fields it may have affected are refused.
/// </summary>
internal sealed class InterpreterRefusal(string why, SourceLocation? location) : Exception(why)
{
    public string Why { get; } = why;

    public SourceLocation? Location { get; } = location;
}
