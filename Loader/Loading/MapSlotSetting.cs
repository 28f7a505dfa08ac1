namespace TraitsBpf.Loader.Loading;

/// <summary>
/// A CPU or device map slot a load fills once the object is loaded (<c>traitsbpf load --slot MAP[KEY]=TARGET,PROGRAM</c>):
/// <see cref="Target"/> (queue size, interface index) and, when named, a program of the object, loaded with it, to run there.
/// </summary>
/// <param name="Map">The map's name.</param>
/// <param name="Key">The slot.</param>
/// <param name="Target">What the slot holds: a CPU's queue size or an interface index.</param>
/// <param name="Program">An <c>xdp/cpumap</c> or <c>xdp/devmap</c> program of the object, or null for none.</param>
public sealed record MapSlotSetting(string Map, uint Key, uint Target, string? Program)
{
    /// <summary>Parses <c>MAP[KEY]=TARGET</c> or <c>MAP[KEY]=TARGET,PROGRAM</c> (numbers decimal or 0x-hex).</summary>
    /// <exception cref="LoaderException">The text has another shape.</exception>
    public static MapSlotSetting Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int open = text.IndexOf('[', StringComparison.Ordinal), close = text.IndexOf("]=", StringComparison.Ordinal);
        string[] value = close < 0 ? [] : text[(close + 2)..].Split(',');
        if (open <= 0 || close < open || value.Length is < 1 or > 2
            || Number(text[(open + 1)..close]) is not { } key || Number(value[0]) is not { } target
            || (value.Length == 2 && value[1].Length == 0))
            throw new LoaderException(LoaderErrorKind.InvalidArgument, $"--slot takes MAP[KEY]=TARGET or MAP[KEY]=TARGET,PROGRAM (e.g. Cpus[1]=192,on_cpu), got '{text}'");
        return new MapSlotSetting(text[..open], key, target, value.Length == 2 ? value[1] : null);
    }

    private static uint? Number(string text) =>
        text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? uint.TryParse(text[2..], System.Globalization.NumberStyles.HexNumber, null, out var hex) ? hex : null
            : uint.TryParse(text, out var number) ? number : null;
}
