using System.Text;

namespace TraitsBpf.Cli.Skeleton;

/// <summary>C# identifiers for the names in an object: program names are snake_case, map and global names are already C# field names.</summary>
public static class SkeletonIdentifiers
{
    /// <summary>"udp_port_filter" → "UdpPortFilter"; characters C# does not allow become word breaks, a leading digit gets a "_".</summary>
    public static string Pascal(string name)
    {
        var builder = new StringBuilder(name.Length);
        var upper = true;
        foreach (var c in name)
        {
            if (!char.IsLetterOrDigit(c))
            {
                upper = true;
                continue;
            }
            builder.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }
        if (builder.Length == 0 || char.IsDigit(builder[0]))
            builder.Insert(0, '_');
        return builder.ToString();
    }

    /// <summary>A field name as a member name: escaped with "@" when it is all lower case, which every C# keyword is.</summary>
    public static string Member(string fieldName) =>
        fieldName.All(char.IsAsciiLetterLower) ? "@" + fieldName : fieldName;

    /// <summary>An assembly name as a namespace: each dotted part made an identifier.</summary>
    public static string Namespace(string assemblyName) =>
        string.Join('.', assemblyName.Split('.').Select(part => part.Length > 0 && part.All(c => char.IsLetterOrDigit(c) || c == '_') && !char.IsDigit(part[0]) ? part : Pascal(part)));
}
