namespace TraitsBpf.Programs.Tests.Helpers;

/// <summary>A TC program and a socket filter that keep the network namespace cookie of their packet in <see cref="Cookies"/>.</summary>
public static class NetnsCookiePrograms
{
    /// <summary>Slot 0: the TC program's cookie; slot 1: the socket filter's.</summary>
    public static readonly ArrayMap<ulong> Cookies = new(2);

    /// <summary>The TC program.</summary>
    [Tc("h_netns_cookie_tc")]
    public static TcAction Tc(TcContext ctx)
    {
        Cookies.Update(0, ctx.GetNetnsCookie());
        return TcAction.Ok;
    }

    /// <summary>The socket filter; it keeps the whole packet.</summary>
    [SocketFilter("h_netns_cookie_socket")]
    public static uint Socket(SocketContext ctx)
    {
        Cookies.Update(1, ctx.GetNetnsCookie());
        return ctx.Length;
    }
}
