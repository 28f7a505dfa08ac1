namespace TraitsBpf.Object.Reading;

/// <summary>One BTF type, enough to print: its id, kind and name, and its description in <c>bpftool btf dump file</c>'s words.</summary>
/// <param name="Id">Type id (1-based; 0 is void).</param>
/// <param name="Kind">BTF kind as bpftool names it: INT, PTR, ARRAY, STRUCT, UNION, ENUM, FWD, TYPEDEF, VOLATILE, CONST, RESTRICT, FUNC, FUNC_PROTO, VAR, DATASEC, FLOAT, DECL_TAG, TYPE_TAG, ENUM64.</param>
/// <param name="Name">Its name, or empty when anonymous.</param>
/// <param name="Text">The lines bpftool prints for it: <c>[id] KIND 'name' ...</c>, then one tab-indented line per member.</param>
public sealed record BtfTypeSummary(int Id, string Kind, string Name, string Text);
