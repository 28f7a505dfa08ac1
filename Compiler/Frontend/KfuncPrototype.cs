using TraitsBpf.Compiler.Il;

namespace TraitsBpf.Compiler.Frontend;

/// <summary>
/// Which C# signatures a <c>[Kfunc]</c> method may have, and what each parameter is in C: the
/// program's context, a number, or a pointer. The object's BTF prototype is built from the same
/// classification (<see cref="Linking.FunctionTypes.KfuncProto(MethodDesc)"/>), and libbpf checks it
/// against the kernel's by kind: an integer matches any integer, a struct pointer any struct pointer,
/// an enum pointer only an enum pointer.
/// </summary>
internal static class KfuncPrototype
{
    /// <summary>Kfuncs, like helpers, take their arguments in r1–r5.</summary>
    public const int MaxArguments = 5;

    /// <summary>The C struct a context class passes a pointer to, or null when the type is not a context a kfunc takes.</summary>
    public static string? ContextStruct(TypeDesc type) => type.FullName switch
    {
        "TraitsBpf.XdpContext" => "xdp_md",
        "TraitsBpf.TcContext" or "TraitsBpf.SocketContext" or "TraitsBpf.CgroupSkbContext" => "__sk_buff",
        "TraitsBpf.SockAddrContext" => "bpf_sock_addr",
        _ => null,
    };

    /// <summary>Why <paramref name="type"/> cannot be a kfunc parameter, or null when it can.</summary>
    public static string? ParameterRefusal(TypeDesc type)
    {
        if (ContextStruct(type) is not null || type.IsInteger || type.Kind == TypeKind.Enum)
        {
            return null;
        }

        return type.Kind switch
        {
            TypeKind.Pointer or TypeKind.ByRef => PointeeRefusal(type.Element),
            TypeKind.Struct => $"a struct ('{type.Name}') by value; kfuncs take numbers and pointers, so pass it by ref or by pointer",
            TypeKind.Single or TypeKind.Double => "a floating-point number; BPF has no floating point",
            _ => $"a '{type.FullName}'; kfuncs take the program's context, numbers, enums and pointers to unmanaged types",
        };
    }

    /// <summary>Why <paramref name="type"/> cannot be a kfunc's result, or null when it can.</summary>
    public static string? ResultRefusal(TypeDesc type) =>
        type.Kind == TypeKind.Void || type.IsInteger || type.Kind == TypeKind.Enum ? null
        : type.Kind == TypeKind.Pointer ? PointeeRefusal(type.Element)
        : $"a '{type.FullName}'; a kfunc returns nothing, a number or a pointer";

    private static string? PointeeRefusal(TypeDesc? pointee) =>
        pointee is null || pointee.Kind is TypeKind.Void or TypeKind.Struct or TypeKind.Enum or TypeKind.Pointer || pointee.IsInteger
            ? null
            : $"a pointer to '{pointee.FullName}'; a kfunc's pointers reach unmanaged memory: numbers, enums, structs or pointers";

    /// <summary>Whether two declarations give the kernel the same prototype.</summary>
    public static bool SameSignature(MethodDesc first, MethodDesc second) =>
        first.ReturnType.FullName == second.ReturnType.FullName
        && Shape(first).SequenceEqual(Shape(second));

    private static IEnumerable<string> Shape(MethodDesc method) =>
        (method.IsStatic ? [] : new[] { ContextStruct(method.DeclaringType) ?? method.DeclaringType.FullName })
            .Concat(method.Parameters.Select(p => ContextStruct(p) ?? p.FullName));
}
