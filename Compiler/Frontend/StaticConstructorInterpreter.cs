using TraitsBpf.Compiler.Il;

namespace TraitsBpf.Compiler.Frontend;

/// <summary>
/// Runs static constructors at compile time, the way the CLR runs them at type initialization,
/// to learn the exact bytes each static field starts with (or the SDK map or trait it declares).
/// A field the interpreter cannot evaluate faithfully is <see cref="StaticValue.Unknown"/> with
/// the reason and the C# line, which the compiler raises when a program uses the field; a field
/// the constructor never writes keeps the CLR's zeros.
/// </summary>
internal sealed class StaticConstructorInterpreter(TypeSystem types)
{
    private readonly Dictionary<TypeDesc, Dictionary<FieldDesc, StaticValue>?> results = [];

    /// <summary>Types whose static constructor (or a method it calls) the compiler cannot even decode: every field is refused.</summary>
    private readonly Dictionary<TypeDesc, StaticValue.Unknown> undecodable = [];

    /// <summary>The initial value of a static field, or null when its constructor leaves it zero.</summary>
    public StaticValue? InitialValue(FieldDesc field)
    {
        if (field.DeclaringType.GenericArguments.Count > 0)
        {
            // TypeSystem gives no static constructor for generic instantiations; zeros would be a guess.
            return new StaticValue.Unknown($"an initializer of a generic type ('{field.DeclaringType.Name}'), which the compiler does not evaluate", null);
        }

        var values = ValuesOf(field.DeclaringType);
        if (undecodable.TryGetValue(field.DeclaringType, out var refused))
        {
            return refused;
        }

        if (values is null)
        {
            return new StaticValue.Unknown($"'{field.Name}' is read while the static constructor of '{field.DeclaringType.Name}' runs (static constructors that depend on each other)", null);
        }

        return values.GetValueOrDefault(field);
    }

    /// <summary>The values a type's static constructor gives its fields; null while that constructor is being evaluated.</summary>
    private Dictionary<FieldDesc, StaticValue>? ValuesOf(TypeDesc type)
    {
        if (results.TryGetValue(type, out var known))
        {
            return known;
        }

        results[type] = null;
        var constructor = types.StaticConstructorOf(type);
        var values = constructor is null ? [] : Run(type, constructor);
        results[type] = values;
        return values;
    }

    private Dictionary<FieldDesc, StaticValue> Run(TypeDesc type, MethodDesc constructor)
    {
        var statics = new Dictionary<FieldDesc, InterpreterSlot>();
        var interpreter = new IlInterpreter(types, type, statics, ReadOtherType);
        try
        {
            interpreter.Invoke(constructor, [], null);
        }
        catch (Diagnostics.CompileException e)
        {
            undecodable[type] = new StaticValue.Unknown($"code the compiler cannot read ({e.Message})", e.Location);
            return [];
        }
        catch (InterpreterRefusal refusal)
        {
            // Evaluation stopped part-way: no field of the type can be trusted.
            var everyField = FieldsStoredBy(constructor).Concat(statics.Keys).Distinct();
            return everyField.ToDictionary(f => f, StaticValue (f) => new StaticValue.Unknown(refusal.Why, refusal.Location));
        }

        var result = new Dictionary<FieldDesc, StaticValue>();
        foreach (var (field, slot) in statics)
        {
            result[field] = slot.Image switch
            {
                { Refusal: { } r } => new StaticValue.Unknown(r.Why, r.Location),
                { } image => new StaticValue.Bytes(image.Bytes),
                null => slot.Value switch
                {
                    InterpretedValue.Declaration d => d.Value,
                    InterpretedValue.Text t => new StaticValue.Text(t.Value),
                    InterpretedValue.Refused r => new StaticValue.Unknown(r.Why, r.Location),
                    InterpretedValue.Null => new StaticValue.Bytes(new byte[8]),
                    InterpretedValue.Integer n => new StaticValue.Bytes(BitConverter.GetBytes(n.Bits)),
                    var other => new StaticValue.Unknown($"{InterpretedMemory.Describe(other)}, which a BPF global cannot hold", null),
                },
            };
        }

        return result;
    }

    private InterpretedValue ReadOtherType(FieldDesc field)
    {
        var value = InitialValue(field);
        return value switch
        {
            null => field.FieldType.Kind == TypeKind.Struct ? new InterpretedValue.StructValue(new byte[field.FieldType.Size]) : new InterpretedValue.Integer(0, field.FieldType.Size == 8),
            StaticValue.Bytes b when field.FieldType.IsInteger || field.FieldType.IsPointerLike => InterpretedMemory.Integer(b.Value.AsSpan(0, field.FieldType.Size), field.FieldType.IsSigned, field.FieldType.Size == 8),
            StaticValue.Bytes b => new InterpretedValue.StructValue((byte[])b.Value.Clone()),
            StaticValue.Text t => new InterpretedValue.Text(t.Value),
            StaticValue.Unknown u => new InterpretedValue.Refused($"'{field.DeclaringType.Name}.{field.Name}', which is initialized with {u.Why}", u.Location),
            _ => new InterpretedValue.Declaration(value),
        };
    }

    private static IEnumerable<FieldDesc> FieldsStoredBy(MethodDesc constructor) =>
        constructor.Body?.Instructions.Where(i => i.Op is IlOpcode.Stsfld or IlOpcode.Ldsflda && i.Field!.DeclaringType == constructor.DeclaringType).Select(i => i.Field!) ?? [];
}
