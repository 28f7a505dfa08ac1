namespace TraitsBpf.Loader.Attach;

/// <summary>The packet traits an attached program's object uses, kept in its attachment record.</summary>
/// <param name="Backend">"kfunc" or "meta".</param>
/// <param name="Names">The named traits (their keys are in the host's trait registry).</param>
/// <param name="Keys">The constant integer keys, which new names must not take while the program is attached.</param>
public sealed record AttachmentTraits(string Backend, IReadOnlyList<string> Names, IReadOnlyList<int> Keys);
