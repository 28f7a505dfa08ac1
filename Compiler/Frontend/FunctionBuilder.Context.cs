using TraitsBpf.Compiler.Il;
using TraitsBpf.Compiler.Ir;

namespace TraitsBpf.Compiler.Frontend;

/// <summary>Context accessors: a load or store of the xdp_md or __sk_buff field, which the verifier rewrites.</summary>
internal sealed partial class FunctionBuilder
{
    internal void LowerContextField(ContextField field, MethodDesc method, List<StackEntry> arguments)
    {
        var ctx = arguments[0].Value;
        if (ctx.Kind != ValueKind.Ctx)
        {
            throw Error($"'{method.Name}' must be used on the program's context parameter");
        }

        if (method.ReturnType.Kind == TypeKind.Void)
        {
            var value = Widen(arguments[1].Value, IrType.I32, false);
            Emit(new StoreInstruction(ctx, field.Offset, field.Size, value));
        }
        else
        {
            Push(Emit(new LoadInstruction(ctx, field.Offset, field.Size, false, field.Type, field.Kind)), method.ReturnType);
        }
    }
}
