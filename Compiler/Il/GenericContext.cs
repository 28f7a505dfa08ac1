namespace TraitsBpf.Compiler.Il;

/// <summary>The type arguments that replace <c>!n</c> (type) and <c>!!n</c> (method) generic parameters.</summary>
internal sealed record GenericContext(IReadOnlyList<TypeDesc> TypeArguments, IReadOnlyList<TypeDesc> MethodArguments)
{
    public static GenericContext Empty { get; } = new([], []);
}
