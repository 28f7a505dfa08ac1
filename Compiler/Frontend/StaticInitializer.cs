using TraitsBpf.Compiler.Il;
using TraitsBpf.Compiler.Ir;

namespace TraitsBpf.Compiler.Frontend;

/// <summary>
/// Reads a static constructor symbolically to learn the constant each static field starts with
/// and the arguments each SDK map is declared with. Only constants and map constructions are
/// understood; a field set any other way is <see cref="StaticValue.Unknown"/>.
/// </summary>
internal static class StaticInitializer
{
    public static Dictionary<FieldDesc, StaticValue> Evaluate(MethodDesc constructor)
    {
        var result = new Dictionary<FieldDesc, StaticValue>();
        var body = constructor.Body;
        if (body is null)
        {
            return result;
        }

        var stack = new Stack<StaticValue>();
        foreach (var i in body.Instructions)
        {
            switch (i.Op)
            {
                case IlOpcode.Nop:
                    break;
                case IlOpcode.LdcI4 or IlOpcode.LdcI8:
                    stack.Push(new StaticValue.Number(i.Int));
                    break;
                case IlOpcode.Ldstr:
                    stack.Push(new StaticValue.Text(i.String!));
                    break;
                case IlOpcode.Ldnull:
                    stack.Push(new StaticValue.Number(0));
                    break;
                case IlOpcode.Conv when stack.TryPeek(out var top) && top is StaticValue.Number n:
                    stack.Pop();
                    stack.Push(new StaticValue.Number(Convert(n.Value, i.Kind)));
                    break;
                case IlOpcode.Conv when stack.Count > 0:
                    break;
                case IlOpcode.Call or IlOpcode.Callvirt when i.Method is { IsConstructor: false } called && stack.Count >= called.ArgumentCount:
                    // A value computed at run time: the field it lands in is unknown, the others are not.
                    for (int a = 0; a < called.ArgumentCount; a++)
                    {
                        stack.Pop();
                    }

                    if (called.ReturnType.Kind != TypeKind.Void)
                    {
                        stack.Push(new StaticValue.Unknown($"a value computed at run time by '{called.Name}' (only constants can initialize BPF globals)"));
                    }

                    break;
                case IlOpcode.Ldsfld or IlOpcode.Ldloc or IlOpcode.Ldarg:
                    stack.Push(new StaticValue.Unknown("a value computed at run time (only constants can initialize BPF globals)"));
                    break;
                case IlOpcode.Stloc when stack.Count > 0:
                    stack.Pop();
                    break;
                case IlOpcode.Dup when stack.Count > 0:
                    stack.Push(stack.Peek());
                    break;
                case IlOpcode.Pop when stack.Count > 0:
                    stack.Pop();
                    break;
                case IlOpcode.Newobj:
                    {
                        var method = i.Method!;
                        var arguments = new List<StaticValue>();
                        for (int a = 0; a < method.Parameters.Count && stack.Count > 0; a++)
                        {
                            arguments.Insert(0, stack.Pop());
                        }

                        if (method.DeclaringType.FullName.StartsWith(TraitTypes.TraitGenericName, StringComparison.Ordinal) && arguments is [StaticValue.Text name])
                        {
                            stack.Push(new StaticValue.TraitDeclaration(name.Value));
                        }
                        else if (MapKind.Of(method.DeclaringType.FullName) is not null && arguments.All(a => a is StaticValue.Number))
                        {
                            stack.Push(new StaticValue.Map(method.DeclaringType.FullName, arguments.Cast<StaticValue.Number>().Select(n => n.Value).ToList()));
                        }
                        else
                        {
                            stack.Push(new StaticValue.Unknown($"'new {method.DeclaringType.Name}(...)' with arguments that are not constants"));
                        }

                        break;
                    }

                case IlOpcode.Stsfld:
                    result[i.Field!] = stack.Count > 0 ? stack.Pop() : new StaticValue.Unknown("an IL sequence the compiler does not follow");
                    break;
                case IlOpcode.Ret:
                    return result;
                default:
                    // Anything else (calls, loops, field reads): stop following; later stores are unknown.
                    MarkRestUnknown(body, i.Index, result);
                    return result;
            }
        }

        return result;
    }

    private static void MarkRestUnknown(IlMethodBody body, int from, Dictionary<FieldDesc, StaticValue> result)
    {
        for (int k = from; k < body.Instructions.Count; k++)
        {
            if (body.Instructions[k].Op == IlOpcode.Stsfld)
            {
                result[body.Instructions[k].Field!] = new StaticValue.Unknown("a value computed at run time (only constants can initialize BPF globals)");
            }
        }
    }

    private static long Convert(long value, IlValueKind kind) => kind switch
    {
        IlValueKind.I1 => (sbyte)value,
        IlValueKind.U1 => (byte)value,
        IlValueKind.I2 => (short)value,
        IlValueKind.U2 => (ushort)value,
        IlValueKind.I4 => (int)value,
        IlValueKind.U4 => (uint)value,
        IlValueKind.U8 or IlValueKind.U => value,
        _ => value,
    };
}
