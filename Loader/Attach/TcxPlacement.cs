namespace TraitsBpf.Loader.Attach;

/// <summary>Where a new tcx program goes among the hook's programs, relative to one of them (<c>--before</c>/<c>--after</c>).</summary>
/// <param name="Before">True to run just before the reference program, false to run just after it.</param>
/// <param name="Reference">A program id (digits), the name of traitsbpf's attachment on the same hook, or the kernel name of a program on the hook.</param>
public sealed record TcxPlacement(bool Before, string Reference)
{
    /// <summary>The option as the user wrote it: <c>--before X</c> or <c>--after X</c>.</summary>
    public override string ToString() => $"{(Before ? "--before" : "--after")} {Reference}";
}
