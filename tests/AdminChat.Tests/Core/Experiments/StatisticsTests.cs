using AdminChat.Core.Experiments;

namespace AdminChat.Tests.Core.Experiments;

/// <summary>Each statistic against values worked out elsewhere; the source of every reference is named next to it.</summary>
public sealed class StatisticsTests
{
    // Newcombe R.G. (1998), "Two-sided confidence intervals for the single proportion: comparison of seven methods",
    // Statistics in Medicine 17:857-872, Table II, method 3 (Wilson score interval without continuity correction).
    [Theory]
    [InlineData(81, 263, 0.2553, 0.3662)]
    [InlineData(15, 148, 0.0624, 0.1605)]
    [InlineData(0, 20, 0.0000, 0.1611)]
    [InlineData(1, 29, 0.0061, 0.1718)]
    public void Wilson_NewcombeExamples_MatchPublishedLimits(int successes, int trials, double low, double high)
    {
        var interval = Statistics.Wilson(successes, trials);
        Assert.Equal(low, interval.Low, 4);
        Assert.Equal(high, interval.High, 4);
    }

    [Fact]
    public void TwoProportions_Newcombe1998bExample_MatchesHybridScoreIntervalAndZTest()
    {
        // Newcombe R.G. (1998), "Interval estimation for the difference between independent proportions: comparison
        // of eleven methods", Statistics in Medicine 17:873-890, example (a): 56/70 vs 48/80, method 10 (score
        // interval, no continuity correction) gives 0.0524 to 0.3339 for p1 - p2 = 0.2. Our difference is B - A, so
        // with A = 48/80 and B = 56/70 the interval is the same.
        var result = Statistics.TwoProportions(48, 80, 56, 70);
        Assert.Equal(0.2, result.Estimate, 10);
        Assert.Equal(0.0524, result.Interval.Low, 4);
        Assert.Equal(0.3339, result.Interval.High, 4);

        // Pooled two-proportion z-test, worked by hand with Python's math.erfc (no stats package):
        // p = 104/150, se = sqrt(p(1-p)(1/70 + 1/80)) = 0.075468, z = 0.2/se = 2.65017, two-sided p = erfc(z/sqrt 2) = 0.0080451.
        Assert.Equal(0.0080451, result.PValue, 6);
    }

    [Fact]
    public void TwoProportions_SameRates_PValueOneAndIntervalAroundZero()
    {
        var result = Statistics.TwoProportions(30, 100, 30, 100);
        Assert.Equal(1, result.PValue, 10);
        Assert.True(result.Interval.Contains(0));
    }

    [Fact]
    public void MannWhitney_ScipyDocumentationExample_MatchesAsymptoticPValue()
    {
        // scipy.stats.mannwhitneyu documentation example (the Conover "males / females" ages): U1 = 17 and, with
        // method="asymptotic" (continuity correction on), p = 0.11134688653314041.
        double[] males = [19, 22, 16, 29, 24];
        double[] females = [20, 11, 17, 12];
        var (u, _, p) = Statistics.MannWhitney(males, females);
        Assert.Equal(17, u);
        Assert.Equal(0.11134688653314041, p, 10);
    }

    [Fact]
    public void MannWhitney_WithTies_UsesTieCorrectedVariance()
    {
        // Worked by brute force in Python: U counts pairs (ties a half) = 15.5; ties 2,2,2 / 3,3,3,3 / 4,4 / 9,9 give
        // sum(t^3 - t) = 96; var = 8*9/12 * (18 - 96/(17*16)) = 105.882; z = (|15.5 - 36| - 0.5)/sqrt(var) = 1.94365;
        // p = erfc(z/sqrt 2) = 0.0519376.
        double[] a = [1, 2, 2, 3, 3, 3, 5, 8];
        double[] b = [2, 3, 4, 4, 6, 7, 9, 9, 10];
        var (u, z, p) = Statistics.MannWhitney(a, b);
        Assert.Equal(15.5, u);
        Assert.Equal(-1.94365, z, 5);
        Assert.Equal(0.0519376, p, 6);
    }

    [Fact]
    public void MannWhitney_AllEqual_PValueOne() =>
        Assert.Equal(1, Statistics.MannWhitney([5, 5, 5], [5, 5]).PValue);

    [Fact]
    public void BootstrapMedianDifference_ConstantShift_IntervalIsTheShift()
    {
        // With no spread every resample has the same medians, so the interval collapses on the true difference.
        var (estimate, interval) = Statistics.BootstrapMedianDifference([.. Enumerable.Repeat(400.0, 30)], [.. Enumerable.Repeat(220.0, 30)]);
        Assert.Equal(-180, estimate);
        Assert.Equal(new Interval(-180, -180), interval);
    }

    [Fact]
    public void BootstrapMedianDifference_FixedSeed_SameIntervalEveryTime()
    {
        var random = new Random(1);
        double[] a = [.. Enumerable.Range(0, 200).Select(_ => 300 + random.NextDouble() * 200)];
        double[] b = [.. Enumerable.Range(0, 200).Select(_ => 150 + random.NextDouble() * 200)];
        var first = Statistics.BootstrapMedianDifference(a, b);
        var second = Statistics.BootstrapMedianDifference(a, b);
        Assert.Equal(first, second);
        // True shift is -150; a 95% interval from 200 values each should hold it and exclude 0.
        Assert.True(first.Interval.Contains(-150), first.ToString());
        Assert.False(first.Interval.Contains(0), first.ToString());
    }

    // Critical values from the NIST/SEMATECH e-Handbook of Statistical Methods, section 1.3.6.7.4 (upper critical
    // values of the chi-square distribution, alpha = 0.05 and 0.001).
    [Theory]
    [InlineData(3.841, 1, 0.05)]
    [InlineData(5.991, 2, 0.05)]
    [InlineData(7.815, 3, 0.05)]
    [InlineData(18.307, 10, 0.05)]
    [InlineData(10.828, 1, 0.001)]
    [InlineData(16.266, 3, 0.001)]
    public void ChiSquaredSurvival_TableCriticalValues_GiveTheirAlpha(double x, int df, double alpha) =>
        Assert.Equal(alpha, Statistics.ChiSquaredSurvival(x, df), 4);

    [Theory]
    // Closed forms: df = 2 → exp(-x/2); df = 4 → exp(-x/2)(1 + x/2) (worked with Python's math.exp).
    [InlineData(1.0, 2, 0.6065306597126334)]
    [InlineData(9.487729036781154, 4, 0.05)]
    [InlineData(30.0, 2, 3.059023205018258e-07)]
    public void ChiSquaredSurvival_ClosedForms_Match(double x, int df, double expected) =>
        Assert.Equal(expected, Statistics.ChiSquaredSurvival(x, df), 12);

    [Fact]
    public void TwoSidedNormalP_KnownQuantiles()
    {
        // Standard normal table: P(|Z| > 1.959964) = 0.05, P(|Z| > 2.575829) = 0.01, P(|Z| > 3.290527) = 0.001.
        Assert.Equal(0.05, Statistics.TwoSidedNormalP(Statistics.Z95), 9);
        Assert.Equal(0.01, Statistics.TwoSidedNormalP(2.5758293035489), 9);
        Assert.Equal(0.001, Statistics.TwoSidedNormalP(-3.2905267314919), 9);
    }

    [Fact]
    public void ChiSquaredGoodnessOfFit_SampleRatioMismatch_Detected()
    {
        // 50,500 vs 49,500 users on a 1:1 split: chi2 = 500²/50,000 * 2 = 10, p = erfc(sqrt 5) = 0.0015654 (Python):
        // suspicious but not past the 0.001 alarm; 51,000 vs 49,000 gives chi2 = 40, far past it.
        var (chi, df, p) = Statistics.ChiSquaredGoodnessOfFit([50_500, 49_500], [1, 1]);
        Assert.Equal(10, chi, 9);
        Assert.Equal(1, df);
        Assert.Equal(0.0015654022580025488, p, 9);
        Assert.True(Statistics.ChiSquaredGoodnessOfFit([51_000, 49_000], [1, 1]).PValue < SrmCheck.Threshold);
    }

    [Fact]
    public void ChiSquaredGoodnessOfFit_UnequalWeights_UsesThem()
    {
        // 250 : 750 is exactly the 1:3 split, so nothing is off; under 1:1 it would be a glaring mismatch.
        Assert.Equal(1, Statistics.ChiSquaredGoodnessOfFit([250, 750], [1, 3]).PValue, 9);
        Assert.True(Statistics.ChiSquaredGoodnessOfFit([250, 750], [1, 1]).PValue < 1e-10);
    }

    [Fact]
    public void LogGamma_KnownValues()
    {
        Assert.Equal(Math.Log(24), Statistics.LogGamma(5), 12); // Γ(5) = 4!
        Assert.Equal(Math.Log(Math.Sqrt(Math.PI)), Statistics.LogGamma(0.5), 12); // Γ(1/2) = √π
    }
}
