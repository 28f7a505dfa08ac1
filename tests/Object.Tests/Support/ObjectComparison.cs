namespace TraitsBpf.Object.Tests.Support;

/// <summary>Asserts that our object has the same structure as clang's for the equivalent C program.</summary>
internal static class ObjectComparison
{
    public static void AssertSameStructure(string clangObject, string ourObject)
    {
        ElfListing expected = ElfListing.Read(clangObject);
        ElfListing actual = ElfListing.Read(ourObject);
        AssertSameLines("sections", expected.Sections, actual.Sections);
        AssertSameLines("symbols", expected.Symbols, actual.Symbols);
        AssertSameLines("relocations", expected.Relocations, actual.Relocations);
        AssertSameLines("instructions", expected.Instructions, actual.Instructions);
        AssertSameLines("BTF", BtfDump.CanonicalRoots(clangObject), BtfDump.CanonicalRoots(ourObject));
    }

    private static void AssertSameLines(string what, IReadOnlyList<string> expected, IReadOnlyList<string> actual)
    {
        var missing = expected.Except(actual).ToList();
        var extra = actual.Except(expected).ToList();
        Assert.True(
            missing.Count == 0 && extra.Count == 0 && expected.Count == actual.Count,
            $"The {what} differ from clang's.\nOnly in clang's object:\n  {string.Join("\n  ", missing)}\nOnly in ours:\n  {string.Join("\n  ", extra)}");
        Assert.Equal(expected, actual);
    }
}
