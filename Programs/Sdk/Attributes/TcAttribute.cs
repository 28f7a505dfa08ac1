namespace TraitsBpf;

/// <summary>
/// Declares a TC (sched_cls, clsact) program. The method must be <c>static</c>, take one
/// <see cref="TcContext"/> and return <see cref="TcAction"/>. The object section is <c>tc</c>.
/// </summary>
/// <param name="name">Program name: letters, digits and underscores, at most 15 characters.</param>
/// <param name="direction">The hook the program is meant for; <c>traitsbpf load</c> attaches there unless told otherwise.</param>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class TcAttribute(string name, TcDirection direction = TcDirection.Ingress) : Attribute
{
    /// <summary>The program name.</summary>
    public string Name { get; } = name;

    /// <summary>The clsact hook the program is meant for.</summary>
    public TcDirection Direction { get; } = direction;
}
