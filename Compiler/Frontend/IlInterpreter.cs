using TraitsBpf.Compiler.Diagnostics;
using TraitsBpf.Compiler.Il;
using static TraitsBpf.Compiler.Frontend.InterpretedValue;

namespace TraitsBpf.Compiler.Frontend;

/// <summary>
/// Executes IL at compile time over <see cref="MemoryImage"/>s: the static constructor of one
/// type and the user and SDK methods it calls. What it cannot evaluate faithfully either becomes
/// a <see cref="Refused"/> value (which refuses the field it is stored in) or stops evaluation
/// with an <see cref="InterpreterRefusal"/>.
/// </summary>
internal sealed class IlInterpreter(TypeSystem types, TypeDesc initializedType, Dictionary<FieldDesc, InterpreterSlot> statics, Func<FieldDesc, InterpretedValue> readOtherType)
{
    private const int MaxDepth = 32;
    private const int MaxSteps = 1_000_000;

    private int steps;
    private int depth;

    /// <summary>Runs <paramref name="method"/> with <paramref name="arguments"/> (<c>this</c> first) and returns its result, or null for void.</summary>
    public InterpretedValue? Invoke(MethodDesc method, IReadOnlyList<InterpretedValue> arguments, SourceLocation? caller)
    {
        var body = method.Body ?? throw new InterpreterRefusal($"a call to '{method.FullName}', which has no IL", caller);
        if (body.HasExceptionHandlers)
        {
            throw new InterpreterRefusal($"try/catch/finally in '{method.FullName}'", method.Location ?? caller);
        }

        if (++depth > MaxDepth)
        {
            throw new InterpreterRefusal($"calls nested deeper than {MaxDepth} ('{method.FullName}')", method.Location ?? caller);
        }

        try
        {
            return Execute(method, body, arguments);
        }
        finally
        {
            depth--;
        }
    }

    private InterpretedValue? Execute(MethodDesc method, IlMethodBody body, IReadOnlyList<InterpretedValue> arguments)
    {
        var args = new InterpreterSlot[method.ArgumentCount];
        for (int a = 0; a < args.Length; a++)
        {
            args[a] = InterpreterSlot.For(method.ArgumentType(a, types), "an argument");
            Assign(args[a], arguments[a], null);
        }

        var locals = body.Locals.Select(t => InterpreterSlot.For(t, "a local")).ToArray();
        var stack = new Stack<InterpretedValue>();
        int pc = 0;
        SourceLocation? where = method.Location;
        while (true)
        {
            var i = body.Instructions[pc];
            where = i.Location ?? where;
            var here = where;
            Exception Refuse(string why) => new InterpreterRefusal(why, here);
            if (++steps > MaxSteps)
            {
                throw Refuse($"more than {MaxSteps} IL instructions (a loop the compiler gave up on)");
            }

            pc++;
            switch (i.Op)
            {
                case IlOpcode.Nop or IlOpcode.Break:
                    break;
                case IlOpcode.LdcI4:
                    stack.Push(Integer.Of32(i.Int));
                    break;
                case IlOpcode.LdcI8:
                    stack.Push(Integer.Of64(i.Int));
                    break;
                case IlOpcode.LdcR4 or IlOpcode.LdcR8:
                    stack.Push(new Refused("a floating-point value (BPF has no floating point)", here));
                    break;
                case IlOpcode.Ldnull:
                    stack.Push(new Null());
                    break;
                case IlOpcode.Ldstr:
                    stack.Push(new Text(i.String!));
                    break;
                case IlOpcode.Dup:
                    stack.Push(stack.Peek());
                    break;
                case IlOpcode.Pop:
                    stack.Pop();
                    break;
                case IlOpcode.Ldarg:
                    stack.Push(Read(args[i.Int], Refuse));
                    break;
                case IlOpcode.Ldloc:
                    stack.Push(Read(locals[i.Int], Refuse));
                    break;
                case IlOpcode.Starg:
                    Assign(args[i.Int], stack.Pop(), Refuse);
                    break;
                case IlOpcode.Stloc:
                    Assign(locals[i.Int], stack.Pop(), Refuse);
                    break;
                case IlOpcode.Ldarga:
                    stack.Push(AddressOf(args[i.Int], Refuse));
                    break;
                case IlOpcode.Ldloca:
                    stack.Push(AddressOf(locals[i.Int], Refuse));
                    break;
                case IlOpcode.Add or IlOpcode.Sub or IlOpcode.Mul or IlOpcode.Div or IlOpcode.DivUn or IlOpcode.Rem or IlOpcode.RemUn
                    or IlOpcode.And or IlOpcode.Or or IlOpcode.Xor or IlOpcode.Shl or IlOpcode.Shr or IlOpcode.ShrUn:
                    {
                        var b = stack.Pop();
                        var a = stack.Pop();
                        stack.Push(Arithmetic(i, a, b, Refuse));
                        break;
                    }

                case IlOpcode.Neg or IlOpcode.Not:
                    {
                        var a = stack.Pop();
                        stack.Push(a is Integer n ? InterpretedArithmetic.Unary(i.Op, n) : Poisoned(a, i, here));
                        break;
                    }

                case IlOpcode.Conv:
                    {
                        var a = stack.Pop();
                        stack.Push(a switch
                        {
                            Integer n => i.Kind is IlValueKind.R4 or IlValueKind.R8 or IlValueKind.RUn
                                ? new Refused("a conversion to floating point (BPF has no floating point)", here)
                                : InterpretedArithmetic.Convert(i, n, Refuse),
                            Address when i.Kind is IlValueKind.I or IlValueKind.U && !i.Overflow => a,
                            _ => Poisoned(a, i, here),
                        });
                        break;
                    }

                case IlOpcode.Ceq or IlOpcode.Cgt or IlOpcode.CgtUn or IlOpcode.Clt or IlOpcode.CltUn:
                    {
                        var b = stack.Pop();
                        var a = stack.Pop();
                        stack.Push(Compared(i, a, b, here) switch
                        {
                            bool result => Integer.Of32(result ? 1 : 0),
                            null => Poisoned(a is Refused ? a : b, i, here),
                        });
                        break;
                    }

                case IlOpcode.Br or IlOpcode.Leave:
                    pc = i.Target;
                    break;
                case IlOpcode.Brfalse or IlOpcode.Brtrue:
                    {
                        bool zero = stack.Pop() switch
                        {
                            Integer n => n.Bits == 0,
                            Null => true,
                            Refused r => throw new InterpreterRefusal($"a branch on {r.Why}", r.Location ?? here),
                            _ => false,
                        };
                        if (zero == (i.Op == IlOpcode.Brfalse))
                        {
                            pc = i.Target;
                        }

                        break;
                    }

                case IlOpcode.Beq or IlOpcode.BneUn or IlOpcode.Bge or IlOpcode.Bgt or IlOpcode.Ble or IlOpcode.Blt
                    or IlOpcode.BgeUn or IlOpcode.BgtUn or IlOpcode.BleUn or IlOpcode.BltUn:
                    {
                        var b = stack.Pop();
                        var a = stack.Pop();
                        if (Compared(i, a, b, here) ?? throw Refuse($"a branch on {InterpretedMemory.Describe(a is Refused ? a : b)}"))
                        {
                            pc = i.Target;
                        }

                        break;
                    }

                case IlOpcode.Switch:
                    {
                        var v = stack.Pop() as Integer ?? throw Refuse("a switch on a value the compiler cannot know");
                        uint index = (uint)v.Bits;
                        if (index < i.Targets.Count)
                        {
                            pc = i.Targets[(int)index];
                        }

                        break;
                    }

                case IlOpcode.Ret:
                    return method.ReturnType.Kind == TypeKind.Void ? null : stack.Pop();
                case IlOpcode.Ldind:
                    {
                        var address = AddressOperand(stack.Pop(), Refuse);
                        stack.Push(InterpretedMemory.Load(address.Image, address.Offset, TypeOf(i.Kind, Refuse), Refuse));
                        break;
                    }

                case IlOpcode.Stind:
                    {
                        var value = stack.Pop();
                        var address = AddressOperand(stack.Pop(), Refuse);
                        InterpretedMemory.Store(address.Image, address.Offset, TypeOf(i.Kind, Refuse).Size, value, Refuse);
                        break;
                    }

                case IlOpcode.Ldobj:
                    {
                        var address = AddressOperand(stack.Pop(), Refuse);
                        stack.Push(InterpretedMemory.Load(address.Image, address.Offset, i.Type!, Refuse));
                        break;
                    }

                case IlOpcode.Stobj:
                    {
                        var value = stack.Pop();
                        var address = AddressOperand(stack.Pop(), Refuse);
                        InterpretedMemory.Store(address.Image, address.Offset, ValueSize(i.Type!, Refuse), value, Refuse);
                        break;
                    }

                case IlOpcode.Cpobj:
                    {
                        var source = AddressOperand(stack.Pop(), Refuse);
                        var destination = AddressOperand(stack.Pop(), Refuse);
                        InterpretedMemory.Store(destination.Image, destination.Offset, ValueSize(i.Type!, Refuse), InterpretedMemory.Load(source.Image, source.Offset, i.Type!, Refuse), Refuse);
                        break;
                    }

                case IlOpcode.Initobj:
                    {
                        var address = AddressOperand(stack.Pop(), Refuse);
                        address.Image.Slice(address.Offset, ValueSize(i.Type!, Refuse), Refuse).Clear();
                        break;
                    }

                case IlOpcode.Sizeof:
                    stack.Push(Integer.Of32(i.Type!.Size));
                    break;
                case IlOpcode.Ldfld:
                    {
                        var field = i.Field!;
                        var owner = stack.Pop();
                        stack.Push(owner switch
                        {
                            StructValue s => InterpretedMemory.Load(MemoryImage.Holding(s.Bytes, "a struct value"), field.Offset, field.FieldType, Refuse),
                            Refused r => r,
                            _ => LoadField(AddressOperand(owner, Refuse), field, Refuse),
                        });
                        break;
                    }

                case IlOpcode.Ldflda:
                    {
                        var owner = stack.Pop();
                        stack.Push(owner is Refused ? owner : Offset(AddressOperand(owner, Refuse), i.Field!.Offset));
                        break;
                    }

                case IlOpcode.Stfld:
                    {
                        var value = stack.Pop();
                        var address = AddressOperand(stack.Pop(), Refuse);
                        InterpretedMemory.Store(address.Image, address.Offset + i.Field!.Offset, ValueSize(i.Field.FieldType, Refuse), value, Refuse);
                        break;
                    }

                case IlOpcode.Ldsfld:
                    stack.Push(LoadStatic(i.Field!, here, Refuse));
                    break;
                case IlOpcode.Ldsflda:
                    stack.Push(StaticAddress(i.Field!, here, Refuse));
                    break;
                case IlOpcode.Stsfld:
                    Assign(OwnStatic(i.Field!, Refuse), StoredIn(i.Field!, stack.Pop()), Refuse);
                    break;
                case IlOpcode.Newobj:
                    stack.Push(NewObject(i.Method!, PopArguments(stack, i.Method!.Parameters.Count), here));
                    break;
                case IlOpcode.Call or IlOpcode.Callvirt when i.Constrained is null:
                    {
                        var called = i.Method!;
                        var result = Call(called, PopArguments(stack, called.ArgumentCount), here);
                        if (called.ReturnType.Kind != TypeKind.Void)
                        {
                            stack.Push(result!);
                        }

                        break;
                    }

                case IlOpcode.Newarr:
                    stack.Pop();
                    stack.Push(new Refused("an array (arrays cannot be BPF globals)", here));
                    break;
                case IlOpcode.Ldtoken:
                    stack.Push(new Refused("a runtime handle (ldtoken)", here));
                    break;
                case IlOpcode.Stelem when stack.ElementAt(2) is Refused:
                    // Filling an array the interpreter already refused: the array stays refused.
                    PopArguments(stack, 3);
                    break;
                case IlOpcode.Ldelem or IlOpcode.Ldelema or IlOpcode.Ldlen when stack.Peek() is Refused || (i.Op != IlOpcode.Ldlen && stack.ElementAt(1) is Refused):
                    {
                        var array = i.Op == IlOpcode.Ldlen ? stack.Pop() : PopArguments(stack, 2)[0];
                        stack.Push(array is Refused ? array : new Refused("an element of an array", here));
                        break;
                    }

                default:
                    throw Refuse($"'{i.Mnemonic}' in '{method.FullName}', which the compiler does not evaluate at compile time");
            }
        }
    }

    private static InterpretedValue[] PopArguments(Stack<InterpretedValue> stack, int count)
    {
        var values = new InterpretedValue[count];
        for (int a = count - 1; a >= 0; a--)
        {
            values[a] = stack.Pop();
        }

        return values;
    }

    private InterpretedValue? Call(MethodDesc called, InterpretedValue[] arguments, SourceLocation? here)
    {
        if (KnownMethods.TryEvaluate(called, arguments, out var known))
        {
            return known;
        }

        if (TryFillSlot(called, arguments, here))
        {
            return null;
        }

        if (called.IsConstructor && called.DeclaringType.FullName is "System.Object" or "System.ValueType")
        {
            return null;
        }

        if (called.IsVirtual && !called.IsStatic && called.DeclaringType.Kind != TypeKind.Struct)
        {
            throw new InterpreterRefusal($"a virtual call to '{called.FullName}'", here);
        }

        if (!IsInterpretable(called))
        {
            var refused = new Refused($"a call to '{called.FullName}', which the compiler cannot evaluate at compile time", here);
            foreach (var address in arguments.OfType<Address>())
            {
                // The callee may have written through the address.
                address.Image.Refusal ??= refused;
            }

            return called.ReturnType.Kind == TypeKind.Void ? null : refused;
        }

        return Invoke(called, arguments, here);
    }

    private InterpretedValue NewObject(MethodDesc constructor, InterpretedValue[] arguments, SourceLocation? here)
    {
        var type = constructor.DeclaringType;
        if (arguments.OfType<Refused>().FirstOrDefault() is { } refusedArgument)
        {
            return refusedArgument;
        }

        if (type.FullName.StartsWith(TraitTypes.TraitGenericName, StringComparison.Ordinal))
        {
            return arguments is [Text name]
                ? new Declaration(new StaticValue.TraitDeclaration(name.Value))
                : new Refused($"'new {type.Name}(...)' without a constant name", here);
        }

        if (MapKind.Of(type.FullName) is { } kind)
        {
            return NewMap(type, kind, arguments, here);
        }

        if (type.Kind != TypeKind.Struct)
        {
            return new Refused($"'new {type.Name}(...)', which allocates an object on the managed heap (only structs and SDK maps and traits can initialize BPF globals)", here);
        }

        var instance = new MemoryImage(type.Size, $"a new {type.Name}");
        Call(constructor, [new Address(instance, 0), .. arguments], here);
        return instance.Refusal ?? (InterpretedValue)new StructValue(instance.Bytes);
    }

    /// <summary>
    /// A map declaration: constant arguments, and for a map of maps one map argument, its inner template (kept
    /// apart, so that the numbers keep their positions: max_entries, then flags).
    /// </summary>
    private static InterpretedValue NewMap(TypeDesc type, MapKind kind, InterpretedValue[] arguments, SourceLocation? here)
    {
        var templates = arguments.OfType<Declaration>().Select(d => d.Value).OfType<StaticValue.Map>().ToList();
        var numbers = arguments.OfType<Integer>().Select(n => n.Bits).ToList();
        if (numbers.Count + templates.Count != arguments.Length || templates.Count > (kind.HoldsMaps ? 1 : 0))
        {
            return new Refused($"'new {type.Name}(...)' with arguments that are not constants", here);
        }

        return new Declaration(new StaticValue.Map(type.FullName, numbers) { Template = templates.FirstOrDefault() });
    }

    /// <summary>
    /// <c>{ [i] = Map }</c> in an array of maps' initializer: the slot is recorded on the declaration, which the
    /// initializer then stores in its field (every copy shares the slots).
    /// </summary>
    private static bool TryFillSlot(MethodDesc called, InterpretedValue[] arguments, SourceLocation? here)
    {
        if (called.Name != "set_Item" || arguments is not [Declaration { Value: StaticValue.Map outer }, _, _] || MapKind.Of(outer.TypeName) is not { HoldsMaps: true })
        {
            return false;
        }

        if (arguments[1] is not Integer index)
        {
            throw new InterpreterRefusal($"a slot of '{called.DeclaringType.Name}' whose index is not a constant", here);
        }

        if (arguments[2] is not Declaration { Value: StaticValue.Map { Field: not null } inner })
        {
            throw new InterpreterRefusal($"slot {index.Bits} of '{called.DeclaringType.Name}' set to {InterpretedMemory.Describe(arguments[2])}; a slot holds another static readonly map field", here);
        }

        outer.Slots.Add((index.Bits, inner));
        return true;
    }

    private static bool IsInterpretable(MethodDesc method)
    {
        string assembly = method.DeclaringType.Assembly;
        bool framework = assembly is "mscorlib" or "netstandard" or "System" || assembly.StartsWith("System.", StringComparison.Ordinal) || assembly.StartsWith("Microsoft.", StringComparison.Ordinal);
        return !framework && method.Body is not null && !method.IsInternalCall && method.HelperId is null;
    }

    private InterpretedValue LoadStatic(FieldDesc field, SourceLocation? here, Func<string, Exception> refuse)
    {
        if (field.ConstantValue is { } constant)
        {
            long value = System.Convert.ToInt64(constant, System.Globalization.CultureInfo.InvariantCulture);
            return field.FieldType.Size == 8 ? Integer.Of64(value) : Integer.Of32(value);
        }

        if (KnownMethods.TryReadField(field, out var known))
        {
            return known;
        }

        if (field.DeclaringType == initializedType)
        {
            return Read(OwnStatic(field, refuse), refuse);
        }

        if (field.DeclaringType.Assembly.StartsWith("System", StringComparison.Ordinal))
        {
            return new Refused($"the framework's static field '{field.FullName}'", here);
        }

        return readOtherType(field);
    }

    private Address StaticAddress(FieldDesc field, SourceLocation? here, Func<string, Exception> refuse)
    {
        if (field.DeclaringType == initializedType)
        {
            return AddressOf(OwnStatic(field, refuse), refuse);
        }

        // A copy: the other type's field is read through it, never written.
        var value = LoadStatic(field, here, refuse);
        var image = new MemoryImage(ValueSize(field.FieldType, refuse), $"a copy of '{field.FullName}'");
        InterpretedMemory.Store(image, 0, image.Bytes.Length, value, refuse);
        return new Address(image, 0);
    }

    private InterpreterSlot OwnStatic(FieldDesc field, Func<string, Exception> refuse)
    {
        if (field.DeclaringType != initializedType)
        {
            throw refuse($"a store to '{field.FullName}' from the static constructor of '{initializedType.FullName}'");
        }

        if (!statics.TryGetValue(field, out var slot))
        {
            slot = InterpreterSlot.For(field.FieldType, $"static field '{field.Name}'");
            statics[field] = slot;
        }

        return slot;
    }

    private static InterpretedValue LoadField(Address address, FieldDesc field, Func<string, Exception> refuse) =>
        InterpretedMemory.Load(address.Image, address.Offset + field.Offset, field.FieldType, refuse);

    private static InterpretedValue Read(InterpreterSlot slot, Func<string, Exception> refuse) =>
        slot.Image is { } image ? InterpretedMemory.Load(image, 0, slot.Type, refuse) : slot.Value;

    /// <summary>A map declaration stored in a static field remembers the field, by which other maps' slots name it.</summary>
    private static InterpretedValue StoredIn(FieldDesc field, InterpretedValue value) =>
        value is Declaration { Value: StaticValue.Map { Field: null } map } ? new Declaration(map with { Field = field }) : value;

    private static void Assign(InterpreterSlot slot, InterpretedValue value, Func<string, Exception>? refuse)
    {
        if (slot.Image is { } image)
        {
            image.Refusal = null;
            InterpretedMemory.Store(image, 0, image.Bytes.Length, value, refuse ?? (why => new InterpreterRefusal(why, null)));
        }
        else
        {
            slot.Value = value;
        }
    }

    private static Address AddressOf(InterpreterSlot slot, Func<string, Exception> refuse) =>
        slot.Image is { } image ? new Address(image, 0) : throw refuse($"the address of a {slot.Type.Name} reference");

    private static Address AddressOperand(InterpretedValue value, Func<string, Exception> refuse) => value switch
    {
        Address a => a,
        Refused r => throw new InterpreterRefusal($"a write or read through {r.Why}", r.Location),
        _ => throw refuse($"a memory access through {InterpretedMemory.Describe(value)}"),
    };

    private static Address Offset(Address address, long by) => address with { Offset = checked(address.Offset + (int)by) };

    private static int ValueSize(TypeDesc type, Func<string, Exception> refuse) =>
        InterpreterSlot.HoldsBytes(type) || type.IsPointerLike ? type.Size : throw refuse($"a value of reference type '{type.FullName}' in memory");

    private TypeDesc TypeOf(IlValueKind kind, Func<string, Exception> refuse) =>
        types.OfIntegerKind(kind)
            ?? throw refuse($"a memory access of kind {kind} (floating point and object references cannot initialize BPF globals)");

    private static InterpretedValue Arithmetic(IlInstruction i, InterpretedValue a, InterpretedValue b, Func<string, Exception> refuse) => (a, b) switch
    {
        (Integer x, Integer y) => InterpretedArithmetic.Binary(i, x, y, refuse),
        (Address p, Integer n) when i.Op == IlOpcode.Add => Offset(p, n.Bits),
        (Integer n, Address p) when i.Op == IlOpcode.Add => Offset(p, n.Bits),
        (Address p, Integer n) when i.Op == IlOpcode.Sub => Offset(p, -n.Bits),
        (Address p, Address q) when i.Op == IlOpcode.Sub && p.Image == q.Image => Integer.Of64(p.Offset - q.Offset),
        _ => Poisoned(a is Refused ? a : b, i, null),
    };

    private static bool? Compared(IlInstruction i, InterpretedValue a, InterpretedValue b, SourceLocation? here) => (a, b) switch
    {
        (Integer x, Integer y) => InterpretedArithmetic.Compare(i.Op, x, y),
        (Null, Null) => i.Op is IlOpcode.Beq or IlOpcode.Ceq,
        (Address p, Address q) when p.Image == q.Image => InterpretedArithmetic.Compare(i.Op, Integer.Of64(p.Offset), Integer.Of64(q.Offset)),
        (Refused, _) or (_, Refused) => null,
        _ => throw new InterpreterRefusal($"'{i.Mnemonic}' of {InterpretedMemory.Describe(a)} and {InterpretedMemory.Describe(b)}", here),
    };

    private static InterpretedValue Poisoned(InterpretedValue operand, IlInstruction i, SourceLocation? here) =>
        operand as Refused ?? throw new InterpreterRefusal($"'{i.Mnemonic}' of {InterpretedMemory.Describe(operand)}", i.Location ?? here);
}
