using TraitsBpf.Loader.Kernel;

namespace TraitsBpf.Loader.Traits;

/// <summary>Refuses, before anything reaches the kernel, an object that calls trait kfuncs the running kernel lacks.</summary>
public static class TraitKfuncSupport
{
    /// <summary>Throws when <paramref name="manifest"/> calls a trait kfunc that <paramref name="features"/> lacks.</summary>
    /// <param name="manifest">The object's traits manifest.</param>
    /// <param name="features">What the kernel supports.</param>
    /// <param name="owner">The program, for the message: e.g. "program 'tagger' (tagger.dll)".</param>
    /// <exception cref="LoaderException"><see cref="LoaderErrorKind.Unsupported"/>, naming the first missing kfunc.</exception>
    public static void Require(TraitManifest manifest, KernelFeatures features, string owner)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(features);
        var missing = manifest.Kfuncs.FirstOrDefault(k => !features.TraitKfuncs.GetValueOrDefault(k));
        if (missing is not null)
        {
            throw new LoaderException(LoaderErrorKind.Unsupported,
                $"{owner} was compiled for the kfunc traits backend, and its object calls {missing}, which this kernel ({features.Release}) does not have; "
                + "compile it with --traits meta to keep traits in the XDP metadata area instead");
        }
    }
}
