namespace TraitsBpf.Differential.Tests.Packets;

/// <summary>A test packet and a label that says how it was made, for disagreement reports.</summary>
public sealed record LabeledPacket(string Label, byte[] Bytes)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Label} ({Bytes.Length} bytes)";
}
