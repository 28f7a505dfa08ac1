using TraitsBpf.Compiler.Il;
using TraitsBpf.Compiler.Ir;

namespace TraitsBpf.Compiler.Frontend;

/// <summary>
/// Calls of <c>[Kfunc]</c> methods: the arguments go to r1–r5 as for helpers, and the call is
/// resolved by libbpf against the kernel's BTF, so the object declares the kfunc's prototype.
/// </summary>
internal sealed partial class FunctionBuilder
{
    internal void LowerKfunc(string name, MethodDesc method, List<StackEntry> arguments)
    {
        if (!method.IsStatic && KfuncPrototype.ContextStruct(method.DeclaringType) is null && method.DeclaringType.Kind != TypeKind.Struct)
        {
            throw Error($"[Kfunc] method '{method.FullName}' is an instance method of a class; declare kfuncs as static extern methods");
        }

        if (programKind == ProgramKind.CgroupSockAddr && attachTarget is { } suffix && SockAddrHooks.KfuncRefusal(name, suffix) is { } hookRefusal)
        {
            throw Error($"'{method.Name}' ({name}) cannot be used in a cgroup/{suffix} program: {hookRefusal}");
        }

        if (arguments.Count > KfuncPrototype.MaxArguments)
        {
            throw Error($"kfunc '{name}' ('{method.FullName}') takes {arguments.Count} arguments; kfuncs take at most {KfuncPrototype.MaxArguments}, in r1–r5");
        }

        var values = new List<Value>();
        for (int a = 0; a < arguments.Count; a++)
        {
            var type = method.ArgumentType(a, types);
            bool context = KfuncPrototype.ContextStruct(a == 0 && !method.IsStatic ? method.DeclaringType : type) is not null;
            if (context)
            {
                if (arguments[a].Value.Kind != ValueKind.Ctx)
                {
                    throw Error($"kfunc '{name}' takes the program's context as argument {a + 1}; pass the program's context parameter");
                }

                values.Add(arguments[a].Value);
                continue;
            }

            if (KfuncPrototype.ParameterRefusal(type) is { } refusal)
            {
                throw Error($"kfunc '{name}' ('{method.FullName}'): parameter '{method.ArgumentName(a)}' is {refusal}");
            }

            values.Add(Widen(arguments[a].Value, IrType.I64, !IsUnsigned(type)));
        }

        var returnType = method.ReturnType;
        if (KfuncPrototype.ResultRefusal(returnType) is { } resultRefusal)
        {
            throw Error($"kfunc '{name}' ('{method.FullName}') returns {resultRefusal}");
        }

        globals.UseKfunc(name, method, location);
        // A pointer result is the kernel's memory (a kernel struct, a dynptr slice); the verifier knows its bounds, the compiler does not.
        var kind = returnType.Kind != TypeKind.Pointer ? ValueKind.Scalar
            : returnType.Element?.KernelName is not null ? ValueKind.Kernel
            : ValueKind.Unknown;
        var call = Emit(new KfuncCallInstruction(name, values, kind));
        if (returnType.Kind != TypeKind.Void)
        {
            Push(returnType.Kind == TypeKind.Pointer ? call : Normalize(call, returnType), returnType);
        }
    }
}
