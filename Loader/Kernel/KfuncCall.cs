using TraitsBpf.Object.Reading;

namespace TraitsBpf.Loader.Kernel;

/// <summary>A call of a kernel function (kfunc) in an object's code.</summary>
/// <param name="Name">The kfunc's name.</param>
/// <param name="Section">The code section the call is in.</param>
/// <param name="Source">Where the call is in the source (<c>File.cs:42</c>) from the object's line info, or null without it.</param>
/// <param name="Declared">The prototype the object declares for it (its BTF extern FUNC), or null when the object has none.</param>
public sealed record KfuncCall(string Name, string Section, string? Source, BtfFunctionShape? Declared = null);
