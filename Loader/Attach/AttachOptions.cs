namespace TraitsBpf.Loader.Attach;

/// <summary>How to attach.</summary>
/// <param name="Name">The attachment's name; defaults to <c>{interface}-{hook}</c>.</param>
/// <param name="Replace">Atomically replace the program of an existing traitsbpf attachment of that name.</param>
/// <param name="Source">What to record as the program's source (the object path or assembly the user gave).</param>
/// <param name="Traits">What to record about the packet traits the object uses, if any.</param>
public sealed record AttachOptions(string? Name = null, bool Replace = false, string Source = "", AttachmentTraits? Traits = null);
