using System.Buffers.Binary;
using System.Security.Cryptography;

namespace TraitsBpf;

/// <summary>
/// The kernel's SYN cookie state, for running programs that call the SYN cookie helpers as managed code
/// (<see cref="ManagedExecution.SynCookies"/>): the secret, the clock, the namespace's net.ipv4.tcp_syncookies and
/// what the listeners' queues look like.
/// </summary>
/// <remarks>
/// <para>
/// The kernel makes a cookie from a secret it draws at random once per boot, so no test can know its bits; the jar
/// holds a secret the test gives instead and builds cookies exactly as the kernel does with its own
/// (net/ipv4/syncookies.c, net/ipv6/syncookies.c): SipHash-2-4 of the SYN's addresses and ports under the first
/// key, plus the SYN's sequence number, plus the minute counter in the top 8 bits, plus, in the low 24 bits, the
/// SipHash of the same and the counter under the second key with the MSS table index added. IPv4 and IPv6 have
/// their own pair of keys. So what follows from the construction holds in both: a cookie checks back valid for the
/// ACK of the same flow carrying it plus one while the counter has moved at most one minute on, a cookie changed in
/// any bit or checked for another flow or two minutes later fails, and the MSS comes back as the table entry the
/// SYN's MSS was rounded down to. Only the cookie's bits differ from the kernel's.
/// </para>
/// <para>
/// The clock is <see cref="Uptime"/> on a kernel with HZ = 1000 (jiffies start five minutes before zero, as the
/// kernel's do); it stands still unless the test moves it.
/// </para>
/// </remarks>
public sealed unsafe class SynCookieJar
{
    /// <summary>The bytes of a secret: four 128-bit SipHash keys, two for IPv4 cookies, then two for IPv6 ones.</summary>
    public const int SecretLength = 64;

    /// <summary>The ticks per second of the modelled kernel's jiffies.</summary>
    public const int Hz = 1000;

    // The counter's bits sit above the 24 bits of hash and MSS index, and a cookie lives for two counter values.
    private const int CookieBits = 24;
    private const uint CookieMask = (1u << CookieBits) - 1;
    private const uint MaxAge = 2;
    private const ulong CookiePeriod = 60 * Hz;
    private const uint OverflowValid = (uint)(MaxAge * CookiePeriod);

    // INITIAL_JIFFIES: the kernel starts jiffies five minutes before they wrap, to catch wrap bugs early.
    private const ulong InitialJiffies = unchecked((uint)(-300 * Hz));

    private readonly (ulong Key0, ulong Key1)[] keys = new (ulong, ulong)[4];
    private readonly Dictionary<nint, SynCookieListener> listeners = [];
    private int tcpSyncookies = 1;
    private TimeSpan uptime = TimeSpan.FromHours(1);

    /// <summary>A jar whose cookies are made with <paramref name="secret"/> (<see cref="SecretLength"/> bytes).</summary>
    /// <exception cref="ArgumentException"><paramref name="secret"/> is not <see cref="SecretLength"/> bytes long.</exception>
    public SynCookieJar(ReadOnlySpan<byte> secret)
    {
        if (secret.Length != SecretLength)
        {
            throw new ArgumentException($"a SYN cookie secret is {SecretLength} bytes: four SipHash keys", nameof(secret));
        }

        for (int k = 0; k < keys.Length; k++)
        {
            keys[k] = (BinaryPrimitives.ReadUInt64LittleEndian(secret[(16 * k)..]), BinaryPrimitives.ReadUInt64LittleEndian(secret[(16 * k + 8)..]));
        }
    }

    /// <summary>A jar with a secret drawn at random, as the kernel draws its own.</summary>
    public static SynCookieJar WithRandomSecret() => new(RandomNumberGenerator.GetBytes(SecretLength));

    /// <summary>How long the modelled kernel has been up (default one hour); move it on to age cookies.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public TimeSpan Uptime
    {
        get => uptime;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            uptime = value;
        }
    }

    /// <summary>The kernel's 64-bit jiffies at <see cref="Uptime"/>.</summary>
    public ulong Jiffies64 => InitialJiffies + (ulong)(uptime.Ticks / (TimeSpan.TicksPerSecond / Hz));

    /// <summary>The minute counter a cookie carries in its top 8 bits (tcp_cookie_time: jiffies over 60 seconds' worth).</summary>
    public uint CookieTime => (uint)(Jiffies64 / CookiePeriod);

    /// <summary>
    /// The network namespace's net.ipv4.tcp_syncookies for the helpers that take a listener: 0 off, 1 (the default)
    /// cookies when a listener's SYN queue is full, 2 cookies always.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not 0, 1 or 2.</exception>
    public int TcpSyncookies
    {
        get => tcpSyncookies;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 2);
            tcpSyncookies = value;
        }
    }

    /// <summary>
    /// The queue state and options of the listening socket at <paramref name="socket"/> (a pointer
    /// <see cref="SocketTable.Add"/> returned), made with the defaults on first use, for the test to set.
    /// </summary>
    public SynCookieListener Listener(BpfSocket* socket)
    {
        if (!listeners.TryGetValue((nint)socket, out var listener))
        {
            listeners[(nint)socket] = listener = new SynCookieListener();
        }

        return listener;
    }

    /// <summary>
    /// The cookie for a SYN of <paramref name="flow"/> with sequence number <paramref name="sequence"/> (host order)
    /// announcing <paramref name="mss"/>, with the MSS it encodes (secure_tcp_syn_cookie).
    /// </summary>
    internal SynCookie Issue(in SynFlow flow, uint sequence, ushort mss)
    {
        var table = flow.MssTable;
        int index = SynCookieMss.Index(table, mss);
        uint count = CookieTime;
        uint cookie = Hash(flow, 0, 0) + sequence + (count << CookieBits) + ((Hash(flow, count, 1) + (uint)index) & CookieMask);
        return new SynCookie(cookie | (long)table[index] << 32);
    }

    /// <summary>
    /// The MSS <paramref name="cookie"/> encodes when it is one this jar issued for <paramref name="flow"/> and
    /// <paramref name="sequence"/> (the SYN's) within the last two counter values, else 0 (check_tcp_syn_cookie).
    /// </summary>
    internal ushort Validate(in SynFlow flow, uint cookie, uint sequence)
    {
        uint count = CookieTime;
        cookie -= Hash(flow, 0, 0) + sequence;
        uint age = (count - (cookie >> CookieBits)) & (uint.MaxValue >> CookieBits);
        if (age >= MaxAge)
        {
            return 0;
        }

        uint index = (cookie - Hash(flow, count - age, 1)) & CookieMask;
        var table = flow.MssTable;
        return index < table.Length ? table[index] : (ushort)0;
    }

    /// <summary>Notes that <paramref name="listener"/> issued a cookie now (tcp_synq_overflow: at most once a second).</summary>
    internal void NoteOverflow(SynCookieListener listener)
    {
        uint now = (uint)Jiffies64;
        if (!Between(now, listener.LastOverflow, listener.LastOverflow + (uint)Hz))
        {
            listener.LastOverflow = now;
        }
    }

    /// <summary>
    /// Whether <paramref name="listener"/> issued a cookie in the last two minutes (not tcp_synq_no_recent_overflow),
    /// compared in 32-bit jiffies as the kernel compares: a listener that never issued one has 0 there, which counts
    /// as recent in the few minutes around each 32-bit wrap of jiffies, the first one five minutes after boot.
    /// </summary>
    internal bool RecentOverflow(SynCookieListener listener)
    {
        uint now = (uint)Jiffies64;
        return Between(now, listener.LastOverflow - (uint)Hz, listener.LastOverflow + OverflowValid);
    }

    /// <summary>time_between32: whether <paramref name="time"/> lies from <paramref name="low"/> to <paramref name="high"/> across wraps.</summary>
    private static bool Between(uint time, uint low, uint high) => high - low >= time - low;

    /// <summary>
    /// cookie_hash: SipHash of the flow and <paramref name="count"/> under key <paramref name="secret"/> of the family,
    /// the low 32 bits. IPv4 hashes the two addresses, the ports as one word (source high) and the count, each a
    /// 32-bit word as the kernel holds it; IPv6 the two addresses, the count, then the two ports.
    /// </summary>
    private uint Hash(in SynFlow flow, uint count, int secret)
    {
        Span<byte> message = stackalloc byte[40];
        int length;
        if (flow.IsIPv6)
        {
            flow.Source.CopyTo(message);
            flow.Destination.CopyTo(message[16..]);
            BinaryPrimitives.WriteUInt32LittleEndian(message[32..], count);
            BinaryPrimitives.WriteUInt16LittleEndian(message[36..], flow.SourcePort);
            BinaryPrimitives.WriteUInt16LittleEndian(message[38..], flow.DestinationPort);
            length = 40;
        }
        else
        {
            flow.Source.CopyTo(message);
            flow.Destination.CopyTo(message[4..]);
            BinaryPrimitives.WriteUInt32LittleEndian(message[8..], (uint)flow.SourcePort << 16 | flow.DestinationPort);
            BinaryPrimitives.WriteUInt32LittleEndian(message[12..], count);
            length = 16;
        }

        var (key0, key1) = keys[(flow.IsIPv6 ? 2 : 0) + secret];
        return (uint)SipHash.Hash(message[..length], key0, key1);
    }
}
