namespace TraitsBpf.Cli.Skeleton;

/// <summary>Where a generated skeleton goes and what it is called.</summary>
/// <param name="Namespace">The C# namespace of the class.</param>
/// <param name="ClassName">The class name.</param>
/// <param name="ResourceName">The manifest resource name under which the service's assembly embeds the object.</param>
/// <param name="ObjectName">The object's name for libbpf (it prefixes the internal maps' names), as <c>BpfObject.Open</c> derives it from the file name.</param>
/// <param name="Source">The assembly the object was compiled from, for the header comment.</param>
public sealed record SkeletonSpec(string Namespace, string ClassName, string ResourceName, string ObjectName, string Source)
{
    /// <summary>The defaults for an assembly file: its name as namespace, its last dotted part + "Skeleton" as class, "NAME.bpf.o" as resource.</summary>
    public static SkeletonSpec For(string assemblyPath, string? ns, string? className, string? resourceName)
    {
        var name = Path.GetFileNameWithoutExtension(assemblyPath);
        var lastPart = name[(name.LastIndexOf('.') + 1)..];
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        return new SkeletonSpec(
            ns ?? SkeletonIdentifiers.Namespace(name),
            className ?? SkeletonIdentifiers.Pascal(lastPart) + "Skeleton",
            resourceName ?? $"{name}.bpf.o",
            dot > 0 ? name[..dot] : name,
            Path.GetFileName(assemblyPath));
    }
}
