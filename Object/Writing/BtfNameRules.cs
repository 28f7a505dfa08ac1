namespace TraitsBpf.Object.Writing;

/// <summary>
/// The kernel's rules for BTF names (kernel/bpf/btf.c, btf_name_valid_identifier): a name of a
/// function, variable, typedef, member, enumerator or named aggregate starts with a letter,
/// '_' or '.', continues with letters, digits, '_' or '.', and is shorter than KSYM_NAME_LEN.
/// Checking here turns a kernel "Invalid name" at load time into a clear error at write time.
/// </summary>
internal static class BtfNameRules
{
    private const int MaxIdentifierLength = 511;

    public static bool IsValidIdentifier(string name)
    {
        if (name.Length is 0 or > MaxIdentifierLength)
            return false;
        if (!char.IsAsciiLetter(name[0]) && name[0] is not ('_' or '.'))
            return false;
        foreach (char c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('_' or '.'))
                return false;
        }
        return true;
    }
}
