namespace TraitsBpf.Benchmarks.Measuring;

/// <summary>Summaries of repeated measurements that a noisy neighbour or a timer tick moves little.</summary>
public static class RobustAverage
{
    /// <summary>The median of <paramref name="values"/> (the mean of the middle two for an even count).</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = Sorted(values);
        int middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>
    /// The mean of the middle half of <paramref name="values"/>: as robust as the median to outliers,
    /// but it keeps fractions when every value is a whole number, as the kernel's test-run times are.
    /// </summary>
    public static double InterquartileMean(IEnumerable<double> values)
    {
        var sorted = Sorted(values);
        int quarter = sorted.Length / 4;
        return sorted[quarter..^quarter].Average();
    }

    private static double[] Sorted(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length > 0 ? sorted : throw new ArgumentException("no values", nameof(values));
    }
}
