namespace TraitsBpf.Compiler.Ir;

/// <summary>Value identity where two constants of the same width and value count as one.</summary>
internal sealed class ValueEquality : IEqualityComparer<Value>
{
    public static ValueEquality Instance { get; } = new();

    public static bool Same(Value a, Value b) =>
        a == b || (a is Constant x && b is Constant y && x.Value == y.Value && x.Type == y.Type);

    public bool Equals(Value? x, Value? y) => x is not null && y is not null && Same(x, y);

    public int GetHashCode(Value value) => value is Constant c ? HashCode.Combine(c.Value, c.Type) : value.GetHashCode();
}
