using System.Text.RegularExpressions;

namespace TraitsBpf.Loader.Attach;

/// <summary>Attachment names double as directory names under the pin root, so they are kept to a safe alphabet.</summary>
internal static partial class AttachmentName
{
    // Interface names may hold '.', as VLANs do (eth0.100); bpffs names may not.
    public static string Default(AttachTarget target) => $"{target.Interface.Replace('.', '_')}-{target.HookName}";

    /// <summary>
    /// The default name of an attachment that is not on an interface, named after its program: <c>{program}-trace</c>
    /// or <c>{program}-cgroup</c>, the program's name cut so that the whole fits the 64 characters a name may have.
    /// </summary>
    public static string ForProgram(string program, string hookName)
    {
        var suffix = $"-{hookName}";
        var name = $"{program}{suffix}";
        return name.Length <= 64 ? name : $"{program[..(64 - suffix.Length)]}{suffix}";
    }

    public static void Validate(string name)
    {
        if (!Pattern().IsMatch(name))
            throw new LoaderException(LoaderErrorKind.InvalidArgument,
                $"attachment name '{name.ReplaceLineEndings("\\n")}' is invalid: use 1 to 64 letters, digits, '_', '-' or '@', not starting with '_'");
        if (name is Traits.HostTraitRegistry.PinName or Traits.HostTraitBackend.PinName || Traits.HostTraitStash.PinNames.Contains(name))
            throw new LoaderException(LoaderErrorKind.InvalidArgument,
                $"attachment name '{name}' is taken by the host's traits (registry, backend record, stash), pinned beside the attachments");
    }

    // \z, not $: '$' also matches before a final newline, which would let "name\n" through.
    [GeneratedRegex(@"\A[A-Za-z0-9@-][A-Za-z0-9_@-]{0,63}\z")]
    private static partial Regex Pattern();
}
