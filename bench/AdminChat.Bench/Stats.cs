using System.Globalization;

namespace AdminChat.Bench;

/// <summary>min / median / p95 / p99 / max of a sample, nearest-rank percentiles.</summary>
public sealed record Summary(int Count, double Min, double P50, double P95, double P99, double Max)
{
    public static Summary Of(IEnumerable<double> values)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToArray();
        if (sorted.Length == 0)
        {
            return new Summary(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        }

        double Rank(double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new Summary(sorted.Length, sorted[0], Rank(0.50), Rank(0.95), Rank(0.99), sorted[^1]);
    }

    public string Row(string label, string unit = "ms") => string.Create(CultureInfo.InvariantCulture,
        $"| {label} | {Count} | {F(Min)} | {F(P50)} | {F(P95)} | {F(P99)} | {F(Max)} | {unit} |");

    public static string Header => "| measurement | n | min | median | p95 | p99 | max | unit |\n|---|---:|---:|---:|---:|---:|---:|---|";

    public static string F(double v) => double.IsNaN(v) ? "–" : v.ToString(v >= 100 ? "F0" : v >= 10 ? "F1" : "F2", CultureInfo.InvariantCulture);
}
