namespace TraitsBpf.Programs.Tests.Samples;

/// <summary>What a program did to a packet: its return value and the bytes after it (metadata first, for XDP).</summary>
public sealed record SampleRun(uint Action, byte[] Output);
