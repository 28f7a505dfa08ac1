namespace TraitsBpf.Differential.Tests.Samples;

/// <summary>A program array slot to fill with a program of the same sample, before running it.</summary>
public sealed record TailCallSlot(string Map, uint Slot, string Program);
