namespace TraitsBpf.TestSupport.Kernel;

/// <summary>What the running kernel's verifier said about one helper in one program type.</summary>
/// <param name="Callable">Whether a program of the type may call the helper.</param>
/// <param name="Refusal">The verifier's last log line when it refused the probe program, else empty: for a
/// callable helper the refusal is about its arguments, which the probe leaves unset.</param>
public sealed record HelperProbeResult(bool Callable, string Refusal);
