namespace AdminChat.Core.Experiments;

public readonly record struct Interval(double Low, double High)
{
    public bool Contains(double value) => Low <= value && value <= High;
}

/// <summary>A difference between two groups (B minus A) with its 95% interval and two-sided p-value.</summary>
public sealed record Difference(double Estimate, Interval Interval, double PValue);

/// <summary>
/// The few statistics the experiment results need, written out because no statistics package is available here.
/// Every p-value goes through the regularized incomplete gamma function, which gives the normal and chi-squared tails.
/// </summary>
public static class Statistics
{
    /// <summary>The 97.5th percentile of the standard normal: a two-sided 95% interval is ± this many standard errors.</summary>
    public const double Z95 = 1.959963984540054;

    /// <summary>Wilson score interval for <paramref name="successes"/> out of <paramref name="trials"/> (95% by default).</summary>
    public static Interval Wilson(int successes, int trials, double z = Z95)
    {
        if (trials <= 0 || successes < 0 || successes > trials)
        {
            throw new ArgumentOutOfRangeException(nameof(successes), "Needs 0 <= successes <= trials and trials > 0.");
        }

        var p = (double)successes / trials;
        var z2 = z * z;
        var denominator = 1 + (z2 / trials);
        var centre = (p + (z2 / (2 * trials))) / denominator;
        var half = z / denominator * Math.Sqrt((p * (1 - p) / trials) + (z2 / (4.0 * trials * trials)));
        return new Interval(Math.Max(0, centre - half), Math.Min(1, centre + half));
    }

    /// <summary>
    /// B's rate minus A's: the interval is Newcombe's hybrid score interval (built from the two Wilson intervals, good
    /// with small counts and rates near 0 or 1); the p-value is the pooled two-proportion z-test.
    /// </summary>
    public static Difference TwoProportions(int successesA, int trialsA, int successesB, int trialsB)
    {
        var pa = (double)successesA / trialsA;
        var pb = (double)successesB / trialsB;
        var a = Wilson(successesA, trialsA);
        var b = Wilson(successesB, trialsB);
        var d = pb - pa;
        var low = d - Math.Sqrt(Square(pb - b.Low) + Square(a.High - pa));
        var high = d + Math.Sqrt(Square(b.High - pb) + Square(pa - a.Low));

        var pooled = (double)(successesA + successesB) / (trialsA + trialsB);
        var se = Math.Sqrt(pooled * (1 - pooled) * ((1.0 / trialsA) + (1.0 / trialsB)));
        var p = se == 0 ? (d == 0 ? 1 : 0) : TwoSidedNormalP(d / se);
        return new Difference(d, new Interval(low, high), p);
    }

    /// <summary>
    /// Mann-Whitney U test (normal approximation with tie correction and a continuity correction of 1/2): does one
    /// group tend to have larger values? Makes no assumption of normality, which latencies never have.
    /// Returns U for <paramref name="a"/> (pairs where a's value is larger, ties counting a half) and the two-sided p.
    /// </summary>
    public static (double U, double Z, double PValue) MannWhitney(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        int n1 = a.Count, n2 = b.Count, n = n1 + n2;
        if (n1 == 0 || n2 == 0)
        {
            throw new ArgumentException("Both groups need at least one value.");
        }

        var all = a.Select(v => (Value: v, FromA: true)).Concat(b.Select(v => (Value: v, FromA: false)))
            .OrderBy(x => x.Value).ToArray();
        double rankSumA = 0, tieTerm = 0;
        for (var i = 0; i < n;)
        {
            var j = i;
            while (j + 1 < n && all[j + 1].Value == all[i].Value)
            {
                j++;
            }

            var rank = (i + j + 2) / 2.0; // Tied values share the mean of the ranks they span (1-based).
            var t = j - i + 1;
            tieTerm += ((double)t * t * t) - t;
            for (var k = i; k <= j; k++)
            {
                if (all[k].FromA)
                {
                    rankSumA += rank;
                }
            }

            i = j + 1;
        }

        var u = rankSumA - (n1 * (n1 + 1) / 2.0);
        var mean = n1 * n2 / 2.0;
        var variance = n1 * (double)n2 / 12.0 * ((n + 1) - (tieTerm / ((double)n * (n - 1))));
        if (variance <= 0)
        {
            return (u, 0, 1);
        }

        var distance = Math.Max(0, Math.Abs(u - mean) - 0.5);
        var z = Math.Sign(u - mean) * distance / Math.Sqrt(variance);
        return (u, z, TwoSidedNormalP(z));
    }

    /// <summary>
    /// Percentile bootstrap interval of median(B) − median(A): resample each group with replacement
    /// <paramref name="resamples"/> times. A fixed <paramref name="seed"/> makes the page show the same figures on every load.
    /// The work is capped at about <see cref="BootstrapWork"/> draws, so with many requests fewer resamples are used
    /// (never fewer than 100): the page stays quick and the interval's ends move by well under a millisecond.
    /// </summary>
    public static (double Estimate, Interval Interval) BootstrapMedianDifference(IReadOnlyList<double> a, IReadOnlyList<double> b,
        int resamples = 2000, int seed = 20261121, double confidence = 0.95)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count == 0 || b.Count == 0)
        {
            throw new ArgumentException("Both groups need at least one value.");
        }

        var sortedA = a.ToArray();
        var sortedB = b.ToArray();
        Array.Sort(sortedA);
        Array.Sort(sortedB);
        resamples = Math.Min(resamples, Math.Max(100, BootstrapWork / (sortedA.Length + sortedB.Length)));
#pragma warning disable CA5394 // Not security: a seeded generator is the point (the same data gives the same interval).
        var random = new Random(seed);
#pragma warning restore CA5394
        var differences = new double[resamples];
        var countsA = new int[sortedA.Length];
        var countsB = new int[sortedB.Length];
        for (var r = 0; r < resamples; r++)
        {
            differences[r] = ResampledMedian(sortedB, countsB, random) - ResampledMedian(sortedA, countsA, random);
        }

        Array.Sort(differences);
        var tail = (1 - confidence) / 2;
        return (SortedQuantile(sortedB, 0.5) - SortedQuantile(sortedA, 0.5),
            new Interval(SortedQuantile(differences, tail), SortedQuantile(differences, 1 - tail)));
    }

    /// <summary>Values drawn, summed over all resamples: the cap on the bootstrap's work.</summary>
    public const int BootstrapWork = 4_000_000;

    // A resample drawn as how many times each (sorted) value was picked: its median is found by walking the counts,
    // with no copy and no sort, O(n) per resample.
    private static double ResampledMedian(double[] sorted, int[] counts, Random random)
    {
        Array.Clear(counts);
        var n = sorted.Length;
        for (var i = 0; i < n; i++)
        {
#pragma warning disable CA5394 // See BootstrapMedianDifference.
            counts[random.Next(n)]++;
#pragma warning restore CA5394
        }

        // Same definition as SortedQuantile at 0.5: the middle value, or the mean of the two middle values.
        var low = (n - 1) / 2;
        var high = n / 2;
        double lowValue = double.NaN;
        var cumulative = 0;
        for (var j = 0; j < n; j++)
        {
            cumulative += counts[j];
            if (double.IsNaN(lowValue) && cumulative > low)
            {
                lowValue = sorted[j];
            }

            if (cumulative > high)
            {
                return (lowValue + sorted[j]) / 2;
            }
        }

        return lowValue;
    }

    /// <summary>
    /// Sample-ratio-mismatch check: chi-squared goodness of fit of the observed counts per variant against the shares
    /// the weights promise. A tiny p-value means the split itself is broken, and no other figure can be trusted.
    /// </summary>
    public static (double ChiSquared, int DegreesOfFreedom, double PValue) ChiSquaredGoodnessOfFit(
        IReadOnlyList<long> observed, IReadOnlyList<double> weights)
    {
        ArgumentNullException.ThrowIfNull(observed);
        ArgumentNullException.ThrowIfNull(weights);
        if (observed.Count != weights.Count || observed.Count < 2)
        {
            throw new ArgumentException("One weight per observed count, and at least two of each.");
        }

        var total = observed.Sum();
        var weightSum = weights.Sum();
        var chi = 0.0;
        for (var i = 0; i < observed.Count; i++)
        {
            var expected = total * weights[i] / weightSum;
            if (expected > 0)
            {
                chi += Square(observed[i] - expected) / expected;
            }
        }

        var df = observed.Count - 1;
        return (chi, df, total == 0 ? 1 : ChiSquaredSurvival(chi, df));
    }

    /// <summary>P(X > x) for a chi-squared variable with <paramref name="degreesOfFreedom"/>.</summary>
    public static double ChiSquaredSurvival(double x, int degreesOfFreedom) =>
        x <= 0 ? 1 : RegularizedGammaQ(degreesOfFreedom / 2.0, x / 2);

    /// <summary>P(|Z| ≥ |z|) for a standard normal Z; equal to Q(1/2, z²/2).</summary>
    public static double TwoSidedNormalP(double z) => RegularizedGammaQ(0.5, z * z / 2);

    /// <summary>Median of values (sorts a copy).</summary>
    public static double Median(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var sorted = values.ToArray();
        Array.Sort(sorted);
        return SortedQuantile(sorted, 0.5);
    }

    /// <summary>Linear interpolation between closest ranks (the common "type 7" definition).</summary>
    public static double SortedQuantile(double[] sorted, double q)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var position = q * (sorted.Length - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + ((position - lower) * (sorted[upper] - sorted[lower]));
    }

    /// <summary>Q(a, x) = Γ(a, x) / Γ(a), the upper regularized incomplete gamma function.</summary>
    public static double RegularizedGammaQ(double a, double x)
    {
        if (x <= 0)
        {
            return 1;
        }

        return x < a + 1 ? 1 - GammaSeries(a, x) : GammaContinuedFraction(a, x);
    }

    /// <summary>P(a, x) = 1 − Q(a, x).</summary>
    public static double RegularizedGammaP(double a, double x) =>
        x <= 0 ? 0 : x < a + 1 ? GammaSeries(a, x) : 1 - GammaContinuedFraction(a, x);

    /// <summary>ln Γ(x) for x &gt; 0, Lanczos approximation (g = 7, 9 terms; about 15 significant digits).</summary>
    public static double LogGamma(double x)
    {
        if (x < 0.5)
        {
            // Reflection keeps the approximation in its accurate range.
            return Math.Log(Math.PI / Math.Abs(Math.Sin(Math.PI * x))) - LogGamma(1 - x);
        }

        x -= 1;
        var sum = Lanczos[0];
        for (var i = 1; i < Lanczos.Length; i++)
        {
            sum += Lanczos[i] / (x + i);
        }

        var t = x + 7.5;
        return (0.5 * Math.Log(2 * Math.PI)) + ((x + 0.5) * Math.Log(t)) - t + Math.Log(sum);
    }

    private static readonly double[] Lanczos =
    [
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
        12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
    ];

    // Series for P(a, x), converging fast for x < a + 1.
    private static double GammaSeries(double a, double x)
    {
        double term = 1 / a, sum = term;
        for (var n = 1; n < 1000; n++)
        {
            term *= x / (a + n);
            sum += term;
            if (Math.Abs(term) < Math.Abs(sum) * 1e-16)
            {
                break;
            }
        }

        return sum * Math.Exp((-x) + (a * Math.Log(x)) - LogGamma(a));
    }

    // Continued fraction for Q(a, x) (modified Lentz), converging fast for x >= a + 1.
    private static double GammaContinuedFraction(double a, double x)
    {
        const double tiny = 1e-300;
        var b = x + 1 - a;
        var c = 1 / tiny;
        var d = 1 / b;
        var h = d;
        for (var i = 1; i < 1000; i++)
        {
            var an = -i * (i - a);
            b += 2;
            d = (an * d) + b;
            d = Math.Abs(d) < tiny ? tiny : d;
            c = b + (an / c);
            c = Math.Abs(c) < tiny ? tiny : c;
            d = 1 / d;
            var delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1) < 1e-16)
            {
                break;
            }
        }

        return Math.Exp((-x) + (a * Math.Log(x)) - LogGamma(a)) * h;
    }

    private static double Square(double x) => x * x;
}
