namespace TraitsBpf.Loader.Kernel;

/// <summary>
/// Refuses, before anything reaches the kernel, a program that calls a kfunc the running kernel
/// does not have, naming the kfunc, the kernel, the program and the source line of the call;
/// libbpf would say only that an extern was not found. The trait kfuncs are left to
/// <see cref="Traits.TraitKfuncSupport"/>, which also says which backend to compile for instead.
/// </summary>
public static class KfuncSupport
{
    /// <summary>Throws when one of <paramref name="calls"/> names a kfunc the running kernel lacks.</summary>
    /// <param name="calls">The program's kfunc calls (<see cref="ObjectKfuncCalls.In"/>).</param>
    /// <param name="owner">The program, for the message: e.g. "program 'rx' (rx.dll)".</param>
    /// <param name="mayHave">Whether the kernel may have a function of that name (<see cref="KernelFeatures.CurrentMayHaveFunction"/>).</param>
    /// <exception cref="LoaderException"><see cref="LoaderErrorKind.Unsupported"/>, naming the first missing kfunc.</exception>
    public static void Require(IReadOnlyList<KfuncCall> calls, string owner, Func<string, bool> mayHave)
    {
        ArgumentNullException.ThrowIfNull(calls);
        ArgumentNullException.ThrowIfNull(mayHave);
        var missing = calls.FirstOrDefault(call => !Abi.TraitKfuncs.All.Contains(call.Name) && !mayHave(call.Name));
        if (missing is not null)
        {
            var where = missing.Source is null ? "" : $" at {missing.Source}";
            throw new LoaderException(LoaderErrorKind.Unsupported,
                $"{owner} calls kfunc {missing.Name}{where}, which this kernel ({KernelFeatures.CurrentRelease()}) does not have");
        }
    }
}
