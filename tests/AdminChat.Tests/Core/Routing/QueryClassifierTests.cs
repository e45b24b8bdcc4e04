using AdminChat.Core.Providers;
using AdminChat.Core.Routing;

namespace AdminChat.Tests.Core.Routing;

public sealed class QueryClassifierTests
{
    [Theory]
    [InlineData("hello")]
    [InlineData("شكرا")]
    public void Classify_Greeting_RoutesToNano(string question)
    {
        var result = QueryClassifier.Classify(question);

        Assert.Equal(ModelTier.Nano, result.Tier);
        Assert.Equal([RoutingReason.Greeting], result.Reasons);
    }

    [Fact]
    public void Classify_ShortHowTo_RoutesToFastWithReason()
    {
        var result = QueryClassifier.Classify("how do I restart the nginx service?");

        Assert.Equal(ModelTier.Fast, result.Tier);
        Assert.Contains(RoutingReason.HowTo, result.Reasons);
    }

    [Fact]
    public void Classify_CodeRequest_RoutesToSmartAtLeast()
    {
        var result = QueryClassifier.Classify("write a SQL query that counts logins per day");

        Assert.Equal(ModelTier.Smart, result.Tier);
        Assert.Contains(RoutingReason.Code, result.Reasons);
    }

    [Fact]
    public void Classify_ArabicComparison_RoutesToSmart()
    {
        var result = QueryClassifier.Classify("قارن بين PostgreSQL و SQLite");

        Assert.Equal(ModelTier.Smart, result.Tier);
        Assert.Contains(RoutingReason.Analytical, result.Reasons);
    }

    [Fact]
    public void Classify_ExplicitDepthOnAnalyticalQuestion_RoutesToGenius()
    {
        var result = QueryClassifier.Classify("design a comprehensive backup strategy and compare the trade-offs in detail");

        Assert.Equal(ModelTier.Genius, result.Tier);
        Assert.Contains(RoutingReason.ExplicitDepth, result.Reasons);
    }

    [Fact]
    public void Classify_SameQuestionDeepInAConversation_ScoresHigher()
    {
        const string question = "why would an email from our system land in spam?";
        var history = Enumerable.Range(0, 12).Select(i => new ChatTurn(i % 2 == 0 ? ChatRole.User : ChatRole.Assistant, "x")).ToList();

        var alone = QueryClassifier.Classify(question);
        var deep = QueryClassifier.Classify(question, history);

        Assert.Equal(alone.Score + 1, deep.Score);
        Assert.Contains(RoutingReason.DeepConversation, deep.Reasons);
    }

    [Fact]
    public void Classify_SameInput_SameResult()
    {
        const string question = "explain why our p95 latency doubled after we enabled caching";

        Assert.Equal(QueryClassifier.Classify(question), QueryClassifier.Classify(question), ClassificationComparer.Instance);
    }

    private sealed class ClassificationComparer : IEqualityComparer<Classification>
    {
        public static readonly ClassificationComparer Instance = new();

        public bool Equals(Classification? x, Classification? y) =>
            x!.Tier == y!.Tier && x.Score == y.Score && x.Reasons.SequenceEqual(y.Reasons);

        public int GetHashCode(Classification obj) => obj.Score;
    }
}
