namespace TraitsBpf;

/// <summary>
/// The fragments of a multi-buffer XDP packet, the bytes past its first buffer, as BPF_PROG_TEST_RUN builds them:
/// one page per fragment, each filled from its start, at most MAX_SKB_FRAGS of them. Managed execution reads, writes,
/// grows and shrinks them by the rules of bpf_xdp_load_bytes, bpf_xdp_store_bytes and bpf_xdp_adjust_tail.
/// </summary>
internal sealed class XdpFragments
{
    /// <summary>PAGE_SIZE: the test run's fragment size (<c>rxq->frag_size</c>), so a fragment grows up to a page.</summary>
    public const int PageSize = 4096;

    /// <summary>MAX_SKB_FRAGS on x86-64: the test run refuses a packet that needs more fragments (ENOMEM).</summary>
    public const int MaxFragments = 17;

    private readonly List<byte[]> pages = [];
    private readonly List<int> sizes = [];

    /// <summary>The bytes in <paramref name="rest"/>, a page at a time.</summary>
    public XdpFragments(ReadOnlySpan<byte> rest)
    {
        for (int offset = 0; offset < rest.Length; offset += PageSize)
        {
            int size = Math.Min(PageSize, rest.Length - offset);
            var page = new byte[PageSize];
            rest.Slice(offset, size).CopyTo(page);
            pages.Add(page);
            sizes.Add(size);
        }

        if (pages.Count > MaxFragments)
        {
            throw new ArgumentException(
                $"A multi-buffer packet takes at most {MaxFragments} fragments of {PageSize} bytes past its first buffer; this one needs {pages.Count} (BPF_PROG_TEST_RUN answers ENOMEM).");
        }
    }

    /// <summary>Whether the packet has any fragment (the kernel's XDP_FLAGS_HAS_FRAGS).</summary>
    public bool Any => pages.Count > 0;

    /// <summary>The bytes in all fragments (<c>skb_shared_info.xdp_frags_size</c>).</summary>
    public int Length => sizes.Sum();

    /// <summary>Copies the fragments' bytes from <paramref name="offset"/> into <paramref name="to"/>.</summary>
    public void Read(int offset, Span<byte> to)
    {
        foreach (var (page, size) in Walk())
        {
            if (to.IsEmpty)
            {
                return;
            }

            if (offset < size)
            {
                int count = Math.Min(size - offset, to.Length);
                page.AsSpan(offset, count).CopyTo(to);
                to = to[count..];
                offset = 0;
            }
            else
            {
                offset -= size;
            }
        }
    }

    /// <summary>Copies <paramref name="from"/> into the fragments' bytes from <paramref name="offset"/>.</summary>
    public void Write(int offset, ReadOnlySpan<byte> from)
    {
        foreach (var (page, size) in Walk())
        {
            if (from.IsEmpty)
            {
                return;
            }

            if (offset < size)
            {
                int count = Math.Min(size - offset, from.Length);
                from[..count].CopyTo(page.AsSpan(offset));
                from = from[count..];
                offset = 0;
            }
            else
            {
                offset -= size;
            }
        }
    }

    /// <summary>All the fragments' bytes in order.</summary>
    public byte[] ToArray()
    {
        var bytes = new byte[Length];
        Read(0, bytes);
        return bytes;
    }

    /// <summary>bpf_xdp_frags_increase_tail: the last fragment grows by <paramref name="count"/> zero bytes within its page, else -EINVAL.</summary>
    public int Grow(int count)
    {
        int last = pages.Count - 1;
        if (count > PageSize - sizes[last])
        {
            return -Errno.EINVAL;
        }

        pages[last].AsSpan(sizes[last], count).Clear();
        sizes[last] += count;
        return 0;
    }

    /// <summary>
    /// bpf_xdp_frags_shrink_tail: takes up to <paramref name="count"/> bytes off the fragments from the last one back,
    /// dropping each fragment it empties, and returns how many of them the fragments could not give.
    /// </summary>
    public int Shrink(int count)
    {
        while (count > 0 && pages.Count > 0)
        {
            int last = pages.Count - 1;
            int taken = Math.Min(count, sizes[last]);
            count -= taken;
            sizes[last] -= taken;
            if (sizes[last] == 0)
            {
                pages.RemoveAt(last);
                sizes.RemoveAt(last);
            }
        }

        return count;
    }

    private IEnumerable<(byte[] Page, int Size)> Walk() => pages.Zip(sizes);
}
