namespace TraitsBpf;

/// <summary>
/// The value type of a trait that carries no value (0 bytes): its presence is the information.
/// <c>Trait&lt;TraitFlag&gt;</c> is stored with size 0 although C# gives this struct one byte.
/// </summary>
public readonly struct TraitFlag
{
}
