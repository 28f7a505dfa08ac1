namespace TraitsBpf.Programs.Tests.Features;

/// <summary>What a <see cref="ForEachPrograms"/> walk carries.</summary>
public struct ForEachTotals
{
    public ulong Sum;
    public uint Count;
    public uint StopAt;
}

/// <summary>
/// <c>ForEach</c> (bpf_for_each_map_elem) over a hash map with a static lambda and over an array with a
/// static method that changes values in place and stops early. A TC program, so that only its own test runs
/// it as managed code over these maps.
/// </summary>
public static unsafe class ForEachPrograms
{
    public static readonly HashMap<uint, ulong> Flows = new(32);

    public static readonly ArrayMap<ulong> Slots = new(8);

    /// <summary>
    /// Adds the packet's byte 1 to flow <c>byte 0 &amp; 15</c> and slot <c>byte 2 &amp; 7</c>, walks both maps and
    /// writes what the walks returned and summed over the packet's first 24 bytes.
    /// </summary>
    [Tc("fe_sum")]
    public static TcAction Sum(TcContext ctx)
    {
        byte* data = ctx.Data;
        if (data + 24 > ctx.DataEnd)
        {
            return TcAction.Shot;
        }

        uint key = data[0] & 15u;
        ulong add = data[1];
        ulong* flow = Flows.Lookup(key);
        if (flow == null)
        {
            Flows.Update(key, add);
        }
        else
        {
            *flow += add;
        }

        ulong* slot = Slots.Lookup(data[2] & 7u);
        if (slot != null)
        {
            *slot += add;
        }

        var totals = new ForEachTotals { StopAt = data[3] & 7u };
        int flows = Flows.ForEach(static (in uint _, ref ulong value, ref ForEachTotals t) =>
        {
            t.Sum += value;
            t.Count++;
            return 0;
        }, ref totals);
        int slots = Slots.ForEach(FlipAndStop, ref totals);
        *(int*)data = flows;
        *(int*)(data + 4) = slots;
        *(ulong*)(data + 8) = totals.Sum;
        *(uint*)(data + 16) = totals.Count;
        return TcAction.Ok;
    }

    private static long FlipAndStop(in uint index, ref ulong value, ref ForEachTotals totals)
    {
        value ^= 1;
        totals.Sum += value;
        return index >= totals.StopAt ? 1 : 0;
    }
}
