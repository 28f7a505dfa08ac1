namespace TraitsBpf.Differential.Tests.Samples;

/// <summary>
/// Bytes of a map value (or ring buffer record) that hold a bpf_ktime_get_ns reading. Managed
/// execution has its own clock and two kernel runs never read the same time, so these bytes are
/// left out of map comparisons; every other byte is compared.
/// </summary>
public sealed record ClockField(string Map, int Offset, int Length = sizeof(ulong));
