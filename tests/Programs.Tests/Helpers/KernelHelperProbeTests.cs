using TraitsBpf.Loader;
using TraitsBpf.TestSupport.Kernel;

namespace TraitsBpf.Programs.Tests.Helpers;

/// <summary>
/// <see cref="KernelHelperProbe"/> reads the running kernel's verifier right: helpers whose availability per program
/// type Linux has fixed for years come out as net/core/filter.c gives them, whatever the refusal of the probe's
/// unset arguments, and a helper that might sleep is not callable from a type that cannot sleep.
/// </summary>
public sealed class KernelHelperProbeTests
{
    [Fact]
    public void The_kernel_lists_its_helpers_with_their_uapi_ids()
    {
        Assert.Equal(1, KernelHelperProbe.Helpers["map_lookup_elem"]);
        Assert.Equal(44, KernelHelperProbe.Helpers["xdp_adjust_head"]);
        Assert.Equal(KernelHelperProbe.Helpers.Count, KernelHelperProbe.Helpers.Values.Distinct().Count());
        Assert.DoesNotContain("unspec", KernelHelperProbe.Helpers.Keys);
    }

    [Fact]
    public void A_helper_without_arguments_loads_and_is_callable()
    {
        var result = KernelHelperProbe.Probe(BpfProgramType.SocketFilter, KernelHelperProbe.Helpers["ktime_get_ns"]);
        Assert.Equal(new HelperProbeResult(true, ""), result);
    }

    [Fact]
    public void A_refusal_of_the_arguments_means_the_type_may_call_the_helper()
    {
        var result = KernelHelperProbe.Probe(BpfProgramType.Xdp, KernelHelperProbe.Helpers["map_lookup_elem"]);
        Assert.True(result.Callable);
        Assert.Contains("expected=map_ptr", result.Refusal, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(BpfProgramType.SocketFilter, "xdp_adjust_head")]
    [InlineData(BpfProgramType.SchedCls, "xdp_adjust_head")]
    [InlineData(BpfProgramType.Xdp, "skb_load_bytes")]
    [InlineData(BpfProgramType.SocketFilter, "skb_store_bytes")]
    [InlineData(BpfProgramType.SocketFilter, "skb_output")]
    public void A_helper_of_another_program_type_is_not_callable(BpfProgramType type, string helper)
    {
        var result = KernelHelperProbe.Probe(type, KernelHelperProbe.Helpers[helper]);
        Assert.False(result.Callable);
        Assert.Equal($"program of this type cannot use helper bpf_{helper}#{KernelHelperProbe.Helpers[helper]}", result.Refusal);
    }

    [Fact]
    public void An_id_past_the_kernels_last_helper_is_not_callable()
    {
        int past = KernelHelperProbe.Helpers.Values.Max() + 1;
        var result = KernelHelperProbe.Probe(BpfProgramType.Xdp, past);
        Assert.False(result.Callable);
        Assert.StartsWith("invalid func", result.Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void A_helper_that_might_sleep_is_not_callable_from_a_type_that_cannot_sleep()
    {
        var result = KernelHelperProbe.Probe(BpfProgramType.Xdp, KernelHelperProbe.Helpers["copy_from_user"]);
        Assert.False(result.Callable);
        Assert.Equal("helper call might sleep in a non-sleepable prog", result.Refusal);
    }

    [Fact]
    public void Each_type_calls_its_own_packet_helpers_and_the_shared_ones()
    {
        var xdp = KernelHelperProbe.Callable(BpfProgramType.Xdp);
        var tc = KernelHelperProbe.Callable(BpfProgramType.SchedCls);
        var socket = KernelHelperProbe.Callable(BpfProgramType.SocketFilter);
        Assert.Contains("xdp_adjust_tail", xdp);
        Assert.Contains("skb_change_tail", tc);
        Assert.Contains("skb_load_bytes", socket);
        Assert.All(new[] { xdp, tc, socket }, set => Assert.Contains("ringbuf_output", set));
        Assert.DoesNotContain("xdp_adjust_tail", tc);
        Assert.DoesNotContain("skb_change_tail", socket);
    }
}
