using TraitsBpf.Compiler.Il;

namespace TraitsBpf.Compiler.Frontend.Intrinsics;

/// <summary>
/// The identity of a BCL method the compiler lowers itself: declaring type's full name, method
/// name and, when overloads differ in what they mean, the number of parameters. A generic type
/// is named by its definition (<c>System.Span`1</c>), whatever its type arguments.
/// </summary>
internal readonly record struct MethodKey(string DeclaringType, string Name, int? Arity = null)
{
    public bool Matches(MethodDesc method) =>
        GenericDefinitionName(method.DeclaringType.FullName) == DeclaringType
        && method.Name == Name
        && (Arity is null || Arity == method.Parameters.Count);

    private static string GenericDefinitionName(string fullName) =>
        fullName.IndexOf('<', StringComparison.Ordinal) is > 0 and var open ? fullName[..open] : fullName;
}
