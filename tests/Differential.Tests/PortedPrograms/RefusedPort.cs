namespace TraitsBpf.Differential.Tests.PortedPrograms;

/// <summary>
/// A port our compiler refuses today, and where: the first refusal, as Programs/Ports/README.md records it.
/// </summary>
/// <param name="Program">The program's name.</param>
/// <param name="File">The C# file of the refused construct, relative to Programs/Ports.</param>
/// <param name="Line">Its line.</param>
/// <param name="Construct">Words the message must contain that name the construct.</param>
public sealed record RefusedPort(string Program, string File, int Line, string Construct);
