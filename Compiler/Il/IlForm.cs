namespace TraitsBpf.Compiler.Il;

/// <summary>
/// One CIL opcode form after normalization: the opcode, the value kind of the typed families
/// (<c>conv.*</c>, <c>ldind.*</c>, <c>stind.*</c>), and whether it is a checked (<c>.ovf</c>) form.
/// </summary>
internal readonly record struct IlForm(IlOpcode Op, IlValueKind Kind, bool Overflow)
{
    /// <summary>A CIL-like name: <c>Conv.U1</c>, <c>Add.ovf</c>, <c>Ldarg</c>.</summary>
    public override string ToString() =>
        Op + (Kind == IlValueKind.None ? "" : "." + Kind) + (Overflow ? ".ovf" : "");
}
