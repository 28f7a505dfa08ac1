namespace TraitsBpf;

/// <summary>
/// The license string of every program in the assembly (the object's <c>license</c> section).
/// Without it the license is "GPL", which kfuncs and many helpers require.
/// </summary>
/// <param name="license">The license, e.g. "Dual BSD/GPL".</param>
[AttributeUsage(AttributeTargets.Assembly, Inherited = false)]
public sealed class BpfLicenseAttribute(string license) : Attribute
{
    /// <summary>The license string.</summary>
    public string License { get; } = license;
}
