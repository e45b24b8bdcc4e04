using AdminChat.Core.Providers;
using AdminChat.Core.Routing;
using AdminChat.Core.Streaming;
using Microsoft.Extensions.Options;

namespace AdminChat.Tests.Core.Routing;

public sealed class CostCalculatorTests
{
    private static readonly IReadOnlyList<ChatTurn> Turns = [new ChatTurn(ChatRole.User, new string('a', 400))];

    internal static TierCatalog SimulatedTiers(RoutingOptions? routing = null) => new(
        Options.Create(routing ?? new RoutingOptions()),
        Options.Create(new LlmOptions
        {
            Providers = [new LlmProviderOptions { Name = "simulated", Kind = LlmProviderKind.Simulated, Models = ["simulated-model"] }],
        }));

    private static StreamRecord Record(string tier, TokenUsage? usage, int characters = 0) => new()
    {
        RequestId = "r",
        Provider = "simulated",
        Model = "simulated-" + tier.ToLowerInvariant(),
        StartedAt = DateTimeOffset.UnixEpoch,
        Total = TimeSpan.FromSeconds(1),
        Outcome = StreamOutcome.Complete,
        Tier = tier,
        Usage = usage,
        Characters = characters,
    };

    [Fact]
    public void Price_MillionTokensEach_IsTheSumOfBothPrices()
    {
        var tier = new TierOptions { Model = "m", InputPricePerMillion = 3m, OutputPricePerMillion = 15m };

        Assert.Equal(18m, CostCalculator.Price(tier, 1_000_000, 1_000_000));
        Assert.Equal(0.0105m, CostCalculator.Price(tier, 1_000, 500));
    }

    [Fact]
    public void Price_RecordWithUsage_UsesProviderTokensAndGeniusPrices()
    {
        var calculator = new CostCalculator(SimulatedTiers());

        var priced = calculator.Price(Record("Fast", new TokenUsage(1_000, 2_000)), Turns);

        Assert.Equal((1_000 * 0.25m + 2_000 * 1.25m) / 1_000_000m, priced.Cost);
        Assert.Equal((1_000 * 15m + 2_000 * 75m) / 1_000_000m, priced.GeniusCost);
        Assert.False(priced.CostEstimated);
    }

    [Fact]
    public void Price_RecordWithoutUsage_EstimatesAndSaysSo()
    {
        var calculator = new CostCalculator(SimulatedTiers());

        var priced = calculator.Price(Record("Smart", usage: null, characters: 800), Turns);

        // 400 characters + 4 overhead → 104 input tokens; 800 characters → 200 output tokens.
        Assert.Equal((104 * 3m + 200 * 15m) / 1_000_000m, priced.Cost);
        Assert.True(priced.CostEstimated);
    }

    [Fact]
    public void Price_FailureBeforeAnyText_CostsNothing()
    {
        var calculator = new CostCalculator(SimulatedTiers());

        var priced = calculator.Price(Record("Genius", usage: null) with { Outcome = StreamOutcome.Error }, Turns);

        Assert.Equal(0m, priced.Cost);
    }

    [Fact]
    public void Price_ModelOutsideTheTiers_LeavesCostEmpty()
    {
        var calculator = new CostCalculator(SimulatedTiers());

        var priced = calculator.Price(Record("none", new TokenUsage(10, 10)) with { Tier = null, Model = "other" }, Turns);

        Assert.Null(priced.Cost);
    }

    [Fact]
    public void MaxCost_IsNeverBelowThePriceOfTheEstimatedTokens()
    {
        var tier = new RoutingOptions().Smart;

        var max = CostCalculator.MaxCost(tier, Turns, 100);
        var estimated = CostCalculator.Price(tier, CostCalculator.EstimateInputTokens(Turns), 100);

        Assert.True(max >= estimated);
    }
}
