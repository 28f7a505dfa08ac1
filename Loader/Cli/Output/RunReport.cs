namespace TraitsBpf.Cli.Output;

/// <summary>What <c>run --json</c> prints.</summary>
/// <param name="Program">The program's name.</param>
/// <param name="Type">Its type.</param>
/// <param name="ReturnValue">What it returned.</param>
/// <param name="Action">The return value's name (XDP_PASS, TC_ACT_OK, …).</param>
/// <param name="PacketOut">The packet after the run, in hex.</param>
/// <param name="DurationNs">Average nanoseconds per run.</param>
/// <param name="Repeat">How many runs.</param>
public sealed record RunReport(string Program, string Type, uint ReturnValue, string Action, string PacketOut, uint DurationNs, int Repeat);
