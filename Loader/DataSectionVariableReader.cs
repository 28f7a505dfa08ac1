using System.Runtime.InteropServices;
using TraitsBpf.Loader.Interop;

namespace TraitsBpf.Loader;

/// <summary>
/// Lists the variables of an object's data sections from its BTF: the DATASEC that is each
/// internal map's value type names every variable, its offset and size.
/// </summary>
internal static unsafe class DataSectionVariableReader
{
    private const int KindInt = 1;
    private const int KindEnum = 6;
    private const int KindVar = 14;
    private const int KindDatasec = 15;
    private const int KindEnum64 = 19;
    private const uint IntSigned = 1;
    private const uint IntBool = 4;

    /// <summary>The variables of .data, .bss and .rodata sections, with the index of the internal map that holds each.</summary>
    public static List<(int MapIndex, DataSectionVariable Variable)> Read(nint obj, IReadOnlyList<nint> maps)
    {
        var result = new List<(int, DataSectionVariable)>();
        var btf = Native.bpf_object__btf(obj);
        if (btf == 0)
            return result;

        for (var mapIndex = 0; mapIndex < maps.Count; mapIndex++)
        {
            if (!Native.bpf_map__is_internal(maps[mapIndex]))
                continue;
            var datasecId = Native.bpf_map__btf_value_type_id(maps[mapIndex]);
            var datasec = Native.btf__type_by_id(btf, datasecId);
            if (datasec is null || datasec->Kind != KindDatasec)
                continue;
            var section = Name(btf, datasec->name_off);
            if (!(section.StartsWith(".rodata", StringComparison.Ordinal) || section.StartsWith(".data", StringComparison.Ordinal) || section.StartsWith(".bss", StringComparison.Ordinal)))
                continue;

            var entries = (uint*)(datasec + 1);
            for (var i = 0; i < datasec->Vlen; i++)
            {
                var varId = entries[i * 3];
                var offset = (int)entries[i * 3 + 1];
                var size = (int)entries[i * 3 + 2];
                var variable = Native.btf__type_by_id(btf, varId);
                if (variable is null || variable->Kind != KindVar)
                    continue;
                var kind = ValueKind(btf, variable->size_or_type);
                result.Add((mapIndex, new DataSectionVariable(Name(btf, variable->name_off), section, offset, size, kind)));
            }
        }
        return result;
    }

    private static RodataValueKind ValueKind(nint btf, uint typeId)
    {
        var resolved = Native.btf__resolve_type(btf, typeId);
        if (resolved < 0)
            return RodataValueKind.Other;
        var type = Native.btf__type_by_id(btf, (uint)resolved);
        if (type is null)
            return RodataValueKind.Other;
        switch (type->Kind)
        {
            case KindInt:
                var encoding = (*(uint*)(type + 1) >> 24) & 0xf;
                if ((encoding & IntBool) != 0)
                    return RodataValueKind.Boolean;
                return (encoding & IntSigned) != 0 ? RodataValueKind.Signed : RodataValueKind.Unsigned;
            case KindEnum:
            case KindEnum64:
                return type->KindFlag ? RodataValueKind.Signed : RodataValueKind.Unsigned;
            default:
                return RodataValueKind.Other;
        }
    }

    private static string Name(nint btf, uint offset) =>
        Marshal.PtrToStringUTF8((nint)Native.btf__name_by_offset(btf, offset)) ?? string.Empty;
}
