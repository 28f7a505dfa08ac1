namespace TraitsBpf.Cli.Verbs;

/// <summary>The values of <c>--tc</c>.</summary>
public enum TcDirection
{
    /// <summary>clsact ingress.</summary>
    Ingress,

    /// <summary>clsact egress.</summary>
    Egress,
}
