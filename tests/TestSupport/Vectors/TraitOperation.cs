namespace TraitsBpf.TestSupport.Vectors;

/// <summary>The three store operations a vector step performs.</summary>
public enum TraitOperation
{
    Get,
    Set,
    Delete,
}
