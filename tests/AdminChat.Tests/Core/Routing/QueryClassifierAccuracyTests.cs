using System.Text;
using AdminChat.Core.Routing;
using Xunit.Abstractions;

namespace AdminChat.Tests.Core.Routing;

/// <summary>
/// The classifier against the labelled set. The figures are printed (and copied into the README), not asserted:
/// the only assertions are that the set is what the README says and that the classifier beats always answering
/// with the most common tier, a floor far below what it reaches.
/// </summary>
public sealed class QueryClassifierAccuracyTests(ITestOutputHelper output)
{
    [Fact]
    public void LabelledSet_Loaded_HasEnoughRowsInBothLanguagesAndAHoldout()
    {
        var rows = LabelledQuestion.Load();

        Assert.True(rows.Count >= 150, $"{rows.Count} rows");
        Assert.Contains(rows, r => r.Language == "ar");
        Assert.Contains(rows, r => r.Language == "en");
        Assert.True(rows.Count(r => r.Split == "holdout") >= 30);
        Assert.All(rows, r => Assert.True(r.Split is "train" or "holdout", r.Split));
    }

    [Theory]
    [InlineData("train")]
    [InlineData("holdout")]
    public void Classify_LabelledSplit_PrintsAccuracyAndBeatsAlwaysFast(string split)
    {
        var rows = LabelledQuestion.Load().Where(r => r.Split == split).ToList();
        var matrix = new int[4, 4];
        var correct = 0;
        foreach (var row in rows)
        {
            var predicted = QueryClassifier.Classify(row.Question).Tier;
            matrix[(int)row.Tier, (int)predicted]++;
            if (predicted == row.Tier)
            {
                correct++;
            }
            else if (split == "train")
            {
                // Misses are listed for the tuning rows only, so nobody tunes the rules on the holdout by accident.
                output.WriteLine($"  miss #{row.Id}: labelled {row.Tier}, routed {predicted}: {row.Question}");
            }
        }

        var accuracy = (double)correct / rows.Count;
        var withinOne = rows.Count(r => Math.Abs((int)r.Tier - (int)QueryClassifier.Classify(r.Question).Tier) <= 1) / (double)rows.Count;
        var baseline = rows.Max(r => rows.Count(o => o.Tier == r.Tier)) / (double)rows.Count;
        output.WriteLine(Report(split, rows.Count, correct, accuracy, withinOne, baseline, matrix));

        Assert.True(accuracy > baseline, $"accuracy {accuracy:P1} is not better than always the most common tier ({baseline:P1})");
    }

    /// <summary>
    /// What the labelled set would cost routed by the classifier, routed by the labels, and all sent to Genius, at the
    /// default tier prices, with each question's own tokens in (about four characters a token) and an assumed
    /// answer of <see cref="RoutingOptions.AssumedAnswerTokens"/> tokens out, whatever the tier.
    /// </summary>
    [Fact]
    public void Savings_LabelledSet_PrintsRoutedCostAgainstAllGenius()
    {
        var prices = new RoutingOptions();
        var answer = prices.AssumedAnswerTokens;
        decimal routed = 0, labelled = 0, genius = 0;
        foreach (var row in LabelledQuestion.Load())
        {
            var input = CostCalculator.EstimateInputTokens([new AdminChat.Core.Providers.ChatTurn(AdminChat.Core.Providers.ChatRole.User, row.Question)]);
            routed += CostCalculator.Price(prices.For(QueryClassifier.Classify(row.Question).Tier), input, answer);
            labelled += CostCalculator.Price(prices.For(row.Tier), input, answer);
            genius += CostCalculator.Price(prices.Genius, input, answer);
        }

        output.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{LabelledQuestion.Load().Count} questions, {answer} output tokens each: routed ${routed:0.0000}, as labelled ${labelled:0.0000}, all Genius ${genius:0.0000}; routing saves {1 - (routed / genius):P1} (labels: {1 - (labelled / genius):P1})"));

        Assert.True(routed < genius);
    }

    private static string Report(string split, int rows, int correct, double accuracy, double withinOne, double baseline, int[,] matrix)
    {
        var report = new StringBuilder();
        report.AppendLine(System.Globalization.CultureInfo.InvariantCulture,
            $"{split}: {correct}/{rows} = {accuracy:P1} (within one tier {withinOne:P1}; most-common-tier baseline {baseline:P1})");
        report.AppendLine("labelled \\ routed | Nano | Fast | Smart | Genius");
        foreach (var tier in Enum.GetValues<ModelTier>())
        {
            report.AppendLine(System.Globalization.CultureInfo.InvariantCulture,
                $"{tier,-17} | {matrix[(int)tier, 0],4} | {matrix[(int)tier, 1],4} | {matrix[(int)tier, 2],5} | {matrix[(int)tier, 3],6}");
        }

        return report.ToString();
    }
}
