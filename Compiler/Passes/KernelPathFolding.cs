using TraitsBpf.Compiler.Diagnostics;
using TraitsBpf.Compiler.Ir;

namespace TraitsBpf.Compiler.Passes;

/// <summary>
/// Finishes the kernel field reads once the pass pipeline has run. A read of a kernel array's element whose index the
/// pipeline has made a constant (a loop over an IPv6 address's words, unrolled) becomes the relocated load of that
/// element; one whose index is still known only at run time, or lies outside the array, is refused at its C# line:
/// the verifier takes only constant offsets into kernel structs, and CO-RE relocates each element by its index. And a
/// read through the address of a struct inside a kernel struct (a <c>ref</c> local the frontend saw only as a phi,
/// in a loop) becomes one read from the outer pointer with the two paths joined, as when the frontend folds them.
/// </summary>
internal static class KernelPathFolding
{
    public static void Fold(IrFunction function)
    {
        foreach (var block in function.Blocks)
        {
            for (int i = 0; i < block.Instructions.Count; i++)
            {
                var load = block.Instructions[i];
                var folded = load switch
                {
                    KernelElementLoadInstruction element => Read(element.Pointer, Element(function, element), element.Size, element.SignExtend, element),
                    KernelFieldLoadInstruction field when field.Address is BinaryInstruction { Right: KernelFieldOffsetInstruction } => Read(field.Address, field.Access, field.Size, field.SignExtend, field),
                    _ => null,
                };
                if (folded is null || (load is KernelFieldLoadInstruction same && folded.Address == same.Address))
                {
                    continue;
                }

                folded.Id = function.NewId();
                folded.Block = block;
                block.Instructions[i] = folded;
                function.ReplaceAllUses(load, folded);
            }
        }
    }

    /// <summary>The load of <paramref name="access"/> from <paramref name="pointer"/>, from the outer pointer when it is the address of an inner struct.</summary>
    private static KernelFieldLoadInstruction Read(Value pointer, KernelFieldAccess access, int size, bool signExtend, Instruction replaced)
    {
        // The address of an inner struct is the outer pointer plus that struct's relocated offset.
        if (pointer is BinaryInstruction { Op: BinaryOp.Add, Left: var outer, Right: KernelFieldOffsetInstruction inner } && !inner.Access.Steps[^1].IsArray && inner.Access.Target == access.Root)
        {
            (pointer, access) = (outer, inner.Access.Through(access));
        }

        return new KernelFieldLoadInstruction(pointer, access, size, signExtend, replaced.Type, replaced.Kind) { Location = replaced.Location };
    }

    private static KernelFieldAccess Element(IrFunction function, KernelElementLoadInstruction element)
    {
        var array = element.Array.Steps[^1];
        int size = array.Target.Size;
        int length = array.Field.FieldType.Size / size;
        if (element.ByteOffset is not Constant { Value: var bytes })
        {
            throw new CompileException($"'{element.Array.ArrayName}' is indexed by a value known only at run time: the verifier takes only constant offsets into kernel structs, and CO-RE relocates each element by its index, so index kernel arrays with constants (a loop of up to 16 trips over them is unrolled)", element.Location, function.SourceMethod);
        }

        long index = array.Element!.Value + (bytes / size);
        if (bytes % size != 0 || index < 0 || index >= length)
        {
            throw new CompileException($"element {index} of '{element.Array.ArrayName}' is outside the array's {length} elements", element.Location, function.SourceMethod);
        }

        return element.Array.MoveElement((int)(bytes / size));
    }
}
