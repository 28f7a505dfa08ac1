using TraitsBpf.Compiler.Diagnostics;
using TraitsBpf.Compiler.Il;
using TraitsBpf.Compiler.Ir;
using TraitsBpf.Object;

namespace TraitsBpf.Compiler.Frontend;

/// <summary>
/// Tracing programs: the traced function's arguments read from the context into the method's
/// parameters, and reads of kernel struct fields, each with a CO-RE field-offset relocation.
/// </summary>
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

    /// <summary>
    /// <c>p->Field</c> on a <c>[KernelType]</c> struct. Where the kernel types the pointer by BTF (tp_btf, fentry,
    /// fexit) it is one load, as clang compiles a <c>preserve_access_index</c> struct's field; elsewhere (kprobe,
    /// kretprobe, raw_tp) the field is copied to the stack with bpf_probe_read_kernel from the pointer plus the
    /// relocated offset, as <c>BPF_CORE_READ</c> does.
    /// </summary>
    private void TranslateLoadKernelField(StackEntry entry, FieldDesc field)
    {
        var structure = field.DeclaringType;
        var access = new KernelFieldAccess(structure, field);
        var address = entry.Value;
        if (programKind is not { } kind)
        {
            throw Error($"reading '{structure.Name}.{field.Name}' of kernel struct '{structure.KernelName}' in a [MethodImpl(NoInlining)] subprogram: kernel fields are read in the tracing program itself or in inlined methods, since how they are read depends on the program type");
        }

        if (address.Kind != ValueKind.Kernel || !entry.Type.IsPointerLike)
        {
            throw Error($"'{structure.Name}.{field.Name}' is read through a pointer the tracing program received as an argument or read from another kernel struct; a copy of a [KernelType] struct in the program's own memory has no kernel layout to relocate against");
        }

        var fieldType = field.FieldType.Underlying;
        if (!(fieldType.IsInteger || fieldType.Kind == TypeKind.Pointer) || fieldType.Size is not (1 or 2 or 4 or 8))
        {
            throw Error($"field '{structure.Name}.{field.Name}' of kernel struct '{structure.KernelName}' is a '{field.FieldType.FullName}'; kernel fields are read as integers or pointers (declare a struct member's own fields in a [KernelType] struct of its own)");
        }

        int size = fieldType.Size;
        bool signed = fieldType.Kind is TypeKind.SByte or TypeKind.Int16;
        var irType = IrTypeOf(fieldType);
        // A pointer to a kernel struct is followed through its fields; any other pointer (skb->head) is a number
        // to the verifier, from a BTF load as from bpf_probe_read_kernel, which the program may compare and keep.
        var resultKind = fieldType.Kind == TypeKind.Pointer && fieldType.Element?.KernelName is not null ? ValueKind.Kernel : ValueKind.Scalar;
        if (kind.HasBtfArguments())
        {
            Push(Emit(new KernelFieldLoadInstruction(address, access, size, signed, irType, resultKind)), field.FieldType);
            return;
        }

        var copy = NewTemporary(field.FieldType);
        var offset = Emit(new KernelFieldOffsetInstruction(access));
        var source = MakeBinary(BinaryOp.Add, address, offset, IrType.I64, ValueKind.Kernel);
        Emit(new HelperCallInstruction(BpfHelper.ProbeReadKernel, [copy, new Constant(size, IrType.I64), source], IrType.I64, ValueKind.Scalar, false));
        Push(Emit(new LoadInstruction(copy, 0, size, signed, irType, resultKind)), field.FieldType);
    }

    /// <summary>Kernel memory is read one relocated field at a time and never written: the message says so at the offending line.</summary>
    private CompileException KernelFieldMisuse(FieldDesc field, string what) =>
        Error($"{what} '{field.DeclaringType.Name}.{field.Name}' of kernel struct '{field.DeclaringType.KernelName}': tracing programs read kernel fields one at a time by value (each read is a CO-RE relocation) and never write kernel memory");
}
