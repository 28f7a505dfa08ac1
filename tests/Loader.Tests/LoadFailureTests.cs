using TraitsBpf.Loader.Tests.Infrastructure;

namespace TraitsBpf.Loader.Tests;

/// <summary>
/// A failed load of an object of two programs names what failed: libbpf closes every program's descriptor when a load
/// fails, so the first program without one is not the culprit; the failing second program, the refused map or the
/// program calling an unresolvable kfunc is.
/// </summary>
public sealed class LoadFailureTests
{
    private const int Einval = 22;

    public LoadFailureTests() => Privileges.RequireRoot();

    [Fact]
    public void A_rejection_of_the_second_program_names_the_second_program()
    {
        using var obj = BpfObject.Open(ClangObjects.Path("two_second_rejected"));

        var error = Assert.Throws<VerifierException>(obj.Load);

        Assert.Equal("second_unchecked", error.ProgramName);
        Assert.StartsWith("the verifier rejected program 'second_unchecked'", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("invalid access to packet, off=20 size=1", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_map_the_kernel_refuses_is_named_and_no_program_is_blamed()
    {
        using var obj = BpfObject.Open(ClangObjects.Path("two_refused_map"));

        var error = Assert.Throws<LoaderException>(obj.Load);

        Assert.IsNotType<VerifierException>(error);
        Assert.Equal(LoaderErrorKind.Failed, error.Kind);
        Assert.Equal(Einval, error.Errno);
        Assert.Equal(
            "loading object 'two_refused_map' failed creating map 'refused_counts', before any program was loaded: failed to create: Invalid argument(-22) (Invalid argument)",
            error.Message);
    }

    [Fact]
    public void A_kfunc_libbpf_cannot_resolve_names_the_program_that_calls_it()
    {
        using var obj = BpfObject.Open(ClangObjects.Path("two_missing_kfunc"));

        var error = Assert.Throws<LoaderException>(obj.Load);

        Assert.IsNotType<VerifierException>(error);
        Assert.Equal(Einval, error.Errno);
        Assert.Equal(
            "loading object 'two_missing_kfunc' failed at program 'second_calls_missing': extern (func ksym) 'traitsbpf_no_such_kfunc': not found in kernel or module BTFs (Invalid argument)",
            error.Message);
    }
}
