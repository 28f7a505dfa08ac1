using TraitsBpf.Object.Reading;

namespace TraitsBpf.Loader.Kernel;

/// <summary>
/// Refuses, before anything reaches the kernel, a program that calls a kfunc the running kernel
/// does not have, naming the kfunc, the kernel, the program and the source line of the call;
/// libbpf would say only that an extern was not found. The trait kfuncs are left to
/// <see cref="Traits.TraitKfuncSupport"/>, which also says which backend to compile for instead.
/// </summary>
public static class KfuncSupport
{
    /// <summary>
    /// Throws when one of <paramref name="calls"/> names a kfunc the running kernel lacks, or declares a prototype
    /// libbpf would refuse against the kernel's (libbpf says only "func_proto incompatible with kernel").
    /// </summary>
    /// <param name="calls">The program's kfunc calls (<see cref="ObjectKfuncCalls.In"/>).</param>
    /// <param name="owner">The program, for the message: e.g. "program 'rx' (rx.dll)".</param>
    /// <param name="mayHave">Whether the kernel may have a function of that name (<see cref="KernelFeatures.CurrentMayHaveFunction"/>).</param>
    /// <param name="kernelShape">The kernel's prototype of a function, or null when it cannot say (<see cref="KernelFeatures.CurrentFunctionShape"/>).</param>
    /// <exception cref="LoaderException"><see cref="LoaderErrorKind.Unsupported"/>, naming the first missing or mismatched kfunc.</exception>
    public static void Require(IReadOnlyList<KfuncCall> calls, string owner, Func<string, bool> mayHave, Func<string, BtfFunctionShape?> kernelShape)
    {
        ArgumentNullException.ThrowIfNull(calls);
        ArgumentNullException.ThrowIfNull(mayHave);
        ArgumentNullException.ThrowIfNull(kernelShape);
        foreach (var call in calls.Where(call => !Abi.TraitKfuncs.All.Contains(call.Name)))
        {
            var where = call.Source is null ? "" : $" at {call.Source}";
            if (!mayHave(call.Name))
                throw new LoaderException(LoaderErrorKind.Unsupported,
                    $"{owner} calls kfunc {call.Name}{where}, which this kernel ({KernelFeatures.CurrentRelease()}) does not have");
            if (call.Declared is { } declared && kernelShape(call.Name) is { } kernel && BtfFunctionShape.Difference(declared, kernel) is { } difference)
                throw new LoaderException(LoaderErrorKind.Unsupported,
                    $"{owner} calls kfunc {call.Name}{where} with a prototype this kernel's ({KernelFeatures.CurrentRelease()}) does not match, so libbpf would refuse it: {difference}; declare it as the kernel does");
        }
    }
}
