using TraitsBpf.Compiler.Il;
using TraitsBpf.Compiler.Ir;

namespace TraitsBpf.Compiler.Frontend;

/// <summary>
/// The one dispatch over normalized opcodes; each family is handled in its own partial file.
/// Forms refused outright are refused first, from <see cref="OpcodeSupport"/>, so that what the
/// switch claims is a list a test can read.
/// </summary>
internal sealed partial class FunctionBuilder
{
    /// <summary>Translates the current instruction; true when it ended the block (a branch or return).</summary>
    private bool TranslateInstruction(IlBlock block)
    {
        var i = instruction;
        if (OpcodeSupport.Refusal(new IlForm(i.Op, i.Kind, i.Overflow), i.Mnemonic, i.Type) is { } refusal)
        {
            throw Error(refusal);
        }

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
            case IlOpcode.Ldftn:
                TranslateLoadFunction(i.Method!);
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
            case IlOpcode.Ldtoken:
                TranslateLoadToken();
                return false;
            default:
                // OpcodeSupport refuses every form this switch does not translate.
                throw new InvalidOperationException($"internal compiler error: '{i.Mnemonic}' is neither translated nor refused");
        }
    }
}
