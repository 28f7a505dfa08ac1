using TraitsBpf.Abi;

namespace TraitsBpf.Loader.Traits;

/// <summary>The traits backend a host keeps traits with, and who chose it.</summary>
/// <param name="Backend">The backend.</param>
/// <param name="RecordedBy">The program whose load recorded it, e.g. "program 'tagger' (tagger.dll)".</param>
/// <param name="RecordedAt">When.</param>
public sealed record HostBackendRecord(TraitsBackend Backend, string RecordedBy, DateTimeOffset RecordedAt);
