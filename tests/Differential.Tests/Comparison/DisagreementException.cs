namespace TraitsBpf.Differential.Tests.Comparison;

/// <summary>Two ways of running a program did not agree; the message has the packet and both results.</summary>
public sealed class DisagreementException(string message) : Exception(message);
