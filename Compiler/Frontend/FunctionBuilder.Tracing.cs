using TraitsBpf.Compiler.Il;
using TraitsBpf.Compiler.Ir;

namespace TraitsBpf.Compiler.Frontend;

/// <summary>Tracing programs: the traced function's arguments read from the context into the method's parameters.</summary>
internal sealed partial class FunctionBuilder
{
    /// <summary>The parameters after the context: one 8-byte cell of the context each, narrowed to the parameter's type.</summary>
    private IEnumerable<StackEntry> TracedArguments(Value ctx, ProgramDesc program)
    {
        var parameters = program.Entry.Parameters;
        for (int index = 1; index < parameters.Count; index++)
        {
            var type = parameters[index];
            var kind = type.IsPointerLike ? ValueKind.Kernel : ValueKind.Scalar;
            var cell = Emit(new LoadInstruction(ctx, TracingArguments.OffsetOf(program.Kind, index - 1), 8, false, IrType.I64, kind));
            yield return new StackEntry(type.IsPointerLike ? cell : Normalize(cell, type), type);
        }
    }
}
