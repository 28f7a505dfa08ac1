using TraitsBpf.Compiler.Il;
using TraitsBpf.Compiler.Ir;

namespace TraitsBpf.Compiler.Frontend;

/// <summary>The one dispatch over normalized opcodes; each family is handled in its own partial file.</summary>
internal sealed partial class FunctionBuilder
{
    /// <summary>Translates the current instruction; true when it ended the block (a branch or return).</summary>
    private bool TranslateInstruction(IlBlock block)
    {
        var i = instruction;
        switch (i.Op)
        {
            case IlOpcode.Nop:
                return false;
            case IlOpcode.Ldarg:
                LoadArgument((int)i.Int);
                return false;
            case IlOpcode.Starg:
                StoreArgument((int)i.Int);
                return false;
            case IlOpcode.Ldarga:
                Push(frame.ArgumentHomes[(int)i.Int]!, types.ByRefTo(frame.Method.ArgumentType((int)i.Int, types)));
                return false;
            case IlOpcode.Ldloc:
                LoadLocal((int)i.Int);
                return false;
            case IlOpcode.Stloc:
                StoreLocal((int)i.Int);
                return false;
            case IlOpcode.Ldloca:
                Push(frame.LocalHomes[(int)i.Int]!, types.ByRefTo(frame.Body.Locals[(int)i.Int]));
                return false;
            case IlOpcode.Ldnull:
                Push(new Constant(0, IrType.I64), types.IntPtr);
                return false;
            case IlOpcode.LdcI4:
                Push(new Constant(i.Int, IrType.I32), types.Int32);
                return false;
            case IlOpcode.LdcI8:
                Push(new Constant(i.Int, IrType.I64), types.Int64);
                return false;
            case IlOpcode.LdcR4 or IlOpcode.LdcR8:
                throw Error("floating-point constants are not supported: BPF has no floating point");
            case IlOpcode.Dup:
                {
                    var top = Pop();
                    Push(top.Value, top.Type);
                    Push(top.Value, top.Type);
                    return false;
                }

            case IlOpcode.Pop:
                Pop();
                return false;
            case IlOpcode.Add or IlOpcode.Sub or IlOpcode.Mul or IlOpcode.Div or IlOpcode.DivUn or IlOpcode.Rem
                or IlOpcode.RemUn or IlOpcode.And or IlOpcode.Or or IlOpcode.Xor or IlOpcode.Shl or IlOpcode.Shr
                or IlOpcode.ShrUn:
                TranslateBinary();
                return false;
            case IlOpcode.Neg or IlOpcode.Not:
                TranslateUnary();
                return false;
            case IlOpcode.Conv:
                TranslateConversion();
                return false;
            case IlOpcode.Ceq or IlOpcode.Cgt or IlOpcode.CgtUn or IlOpcode.Clt or IlOpcode.CltUn:
                TranslateComparison();
                return false;
            case IlOpcode.Ret:
                TranslateReturn();
                return true;
            case IlOpcode.Br:
                LeaveBlock(block);
                Jump(frame.Blocks[block.Successors.Single()]);
                return true;
            case IlOpcode.Brtrue or IlOpcode.Brfalse or IlOpcode.Beq or IlOpcode.Bge or IlOpcode.Bgt or IlOpcode.Ble
                or IlOpcode.Blt or IlOpcode.BneUn or IlOpcode.BgeUn or IlOpcode.BgtUn or IlOpcode.BleUn or IlOpcode.BltUn:
                TranslateConditionalBranch(block);
                return true;
            case IlOpcode.Switch:
                TranslateSwitch(block);
                return true;
            case IlOpcode.Ldind:
                TranslateLoadIndirect();
                return false;
            case IlOpcode.Stind:
                TranslateStoreIndirect();
                return false;
            case IlOpcode.Ldobj:
                TranslateLoadObject(i.Type!);
                return false;
            case IlOpcode.Stobj:
                TranslateStoreObject(i.Type!);
                return false;
            case IlOpcode.Cpobj:
                {
                    var source = Pop();
                    var destination = Pop();
                    if (IsSpan(i.Type!))
                    {
                        WriteSpan(destination.Value, ReadSpan(source.Value));
                    }
                    else
                    {
                        CopyMemory(destination.Value, 0, source.Value, 0, i.Type!.Size, i.Type.Alignment);
                    }

                    return false;
                }

            case IlOpcode.Initobj:
                {
                    var address = Pop();
                    if (IsSpan(i.Type!))
                    {
                        WriteSpan(address.Value, SpanParts.Empty);
                    }
                    else
                    {
                        ZeroMemory(address.Value, 0, i.Type!.Size, i.Type.Alignment);
                    }

                    return false;
                }

            case IlOpcode.Sizeof:
                Push(new Constant(i.Type!.Size, IrType.I32), types.Int32);
                return false;
            case IlOpcode.Ldfld:
                TranslateLoadField(i.Field!);
                return false;
            case IlOpcode.Ldflda:
                TranslateFieldAddress(i.Field!);
                return false;
            case IlOpcode.Stfld:
                TranslateStoreField(i.Field!);
                return false;
            case IlOpcode.Ldsfld:
                LoadStaticField(i.Field!);
                return false;
            case IlOpcode.Ldsflda:
                Push(StaticFieldAddress(i.Field!), types.ByRefTo(i.Field!.FieldType));
                return false;
            case IlOpcode.Stsfld:
                StoreStaticField(i.Field!);
                return false;
            case IlOpcode.Call or IlOpcode.Callvirt:
                TranslateCall();
                return false;
            case IlOpcode.Newobj:
                TranslateNewObject();
                return false;
            case IlOpcode.Localloc:
                TranslateStackAlloc();
                return false;
            case IlOpcode.Cpblk:
                TranslateCopyBlock();
                return false;
            case IlOpcode.Initblk:
                TranslateInitBlock();
                return false;
            case IlOpcode.Ldstr:
                {
                    // Only Bpf.Trace takes a string, its format; anything else done with it is refused where it is done.
                    var literal = Emit(new GlobalAddressInstruction(globals.StringLiteral(i.String!)));
                    stringLiterals[literal] = i.String!;
                    Push(literal, types.String);
                    return false;
                }
            case IlOpcode.Throw or IlOpcode.Rethrow:
                throw Error("'throw' is not supported: BPF has no exceptions; return an action such as XdpAction.Aborted instead");
            case IlOpcode.Box or IlOpcode.Unbox or IlOpcode.UnboxAny:
                throw Error($"boxing ('{i.Mnemonic}' of '{i.Type}') allocates on the managed heap, which BPF programs cannot do");
            case IlOpcode.Castclass or IlOpcode.Isinst:
                throw Error($"type tests and casts of references ('{i.Mnemonic}' to '{i.Type}') are not supported in BPF programs");
            case IlOpcode.Newarr or IlOpcode.Ldlen or IlOpcode.Ldelem or IlOpcode.Ldelema or IlOpcode.Stelem:
                throw Error("managed arrays are not supported in BPF programs; use 'stackalloc' or a fixed-size buffer in a struct");
            case IlOpcode.Ldtoken:
                TranslateLoadToken();
                return false;
            case IlOpcode.Calli or IlOpcode.Ldftn or IlOpcode.Ldvirtftn:
                throw Error("function pointers and delegates are not supported in BPF programs");
            case IlOpcode.Leave or IlOpcode.Endfinally or IlOpcode.Endfilter:
                throw Error("exception handling is not supported in BPF programs");
            default:
                throw Error($"the IL instruction '{i.Mnemonic}' is not supported in BPF programs");
        }
    }
}
