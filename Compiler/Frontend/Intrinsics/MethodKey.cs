using TraitsBpf.Compiler.Il;

namespace TraitsBpf.Compiler.Frontend.Intrinsics;

/// <summary>
/// The identity of a BCL method the compiler lowers itself: declaring type's full name, method
/// name and, when overloads differ in what they mean, the number of parameters.
/// </summary>
internal readonly record struct MethodKey(string DeclaringType, string Name, int? Arity = null)
{
    public bool Matches(MethodDesc method) =>
        method.DeclaringType.FullName == DeclaringType
        && method.Name == Name
        && (Arity is null || Arity == method.Parameters.Count);
}
