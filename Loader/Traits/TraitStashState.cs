namespace TraitsBpf.Loader.Traits;

/// <summary>The host's trait stash now, as <c>traitsbpf traits</c> reports it.</summary>
/// <param name="Entries">sk_buffs whose traits it holds.</param>
/// <param name="Capacity">The most it can hold.</param>
/// <param name="Refused">Entries refused because it was full, since it was created.</param>
public sealed record TraitStashState(int Entries, int Capacity, ulong Refused);
