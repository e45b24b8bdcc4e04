using AdminChat.Tests.Core.Streaming;
using System.Text;
using AdminChat.Core.Modes;
using AdminChat.Core.Providers;
using AdminChat.Core.Resilience;
using AdminChat.Core.Routing;
using AdminChat.Core.Streaming;
using AdminChat.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AdminChat.Tests.Core.Routing;

/// <summary>
/// The router over real HTTP: one fake OpenAI-compatible server per tier, the real resilient client and streaming
/// service (fallback across providers off, so only the router moves between tiers).
/// </summary>
public sealed class IntelligentRouterTests : IAsyncLifetime
{
    private readonly Dictionary<ModelTier, FakeOpenAIServer> _servers = [];
    private readonly RecentStreamRecords _records = new();

    public async Task InitializeAsync()
    {
        foreach (var tier in Enum.GetValues<ModelTier>())
        {
            _servers[tier] = await FakeOpenAIServer.StartAsync(new FakeOpenAIBehavior { Tokens = [$"{tier}", " answers."] });
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var server in _servers.Values)
        {
            await server.DisposeAsync();
        }
    }

    private static string Name(ModelTier tier) => tier.ToString().ToLowerInvariant();

    private (IntelligentRouter Router, BudgetLedger Ledger) Create(decimal? budget = null, int maxOutputTokens = 1_000)
    {
        var routing = new RoutingOptions { DailyBudget = budget };
        foreach (var tier in Enum.GetValues<ModelTier>())
        {
            routing.For(tier).Provider = Name(tier);
            routing.For(tier).Model = "fake/" + Name(tier);
            routing.For(tier).MaxOutputTokens = maxOutputTokens;
        }

        var providerOptions = Enum.GetValues<ModelTier>().Select(t => new LlmProviderOptions
        {
            Name = Name(t), Kind = LlmProviderKind.OpenAICompatible, BaseUrl = _servers[t].BaseUrl.ToString(), Models = ["fake/" + Name(t)],
        }).ToList();
        var set = new ChatProviderSet(providerOptions.Select(p => new ConfiguredProvider(
            new OpenAICompatibleProvider(p.Name, new Uri(p.BaseUrl!), "sk-test-0123456789", p.Models), p)));
        var resilience = new ResilienceOptions
        {
            Fallback = false, MaxRetries = 0, FirstTokenTimeoutSeconds = 5, IdleTimeoutSeconds = 5, TotalTimeoutSeconds = 30,
            BreakerMinimumThroughput = 100,
        };
        var client = new ResilientChatClient(set, Options.Create(resilience), TimeProvider.System, NullLogger<ResilientChatClient>.Instance);
        var tiers = new TierCatalog(Options.Create(routing), Options.Create(new LlmOptions { Providers = providerOptions }));
        var service = new AdminChatStreamingService(new ChatModelCatalog(set.PickerProviders), client,
            new FixedOptionsMonitor<StreamingOptions>(new StreamingOptions()), [_records], TimeProvider.System,
            NullLogger<AdminChatStreamingService>.Instance, costs: new CostCalculator(tiers));
        var ledger = new BudgetLedger(TimeProvider.System, Options.Create(routing));
        var router = new IntelligentRouter(service, tiers, ledger, new OperatingMode(AdminChatMode.Development, true, true, true),
            Options.Create(resilience), [_records], TimeProvider.System);
        return (router, ledger);
    }

    private static IReadOnlyList<ChatTurn> Ask(string question) => [new ChatTurn(ChatRole.User, question)];

    private static async Task<(string Text, StreamRecord Record)> RunAsync(IntelligentRouter router, string question, string model = IntelligentRouter.AutoModel)
    {
        var (text, _, record) = await router.StreamAsync(Ask(question), model, new StreamContext(Guid.NewGuid().ToString("N"))).CollectAsync();
        return (text, record);
    }

    [Fact]
    public async Task StreamAsync_Auto_RoutesByClassifierAndRecordsReasonAndCost()
    {
        var (router, _) = Create();

        var (text, record) = await RunAsync(router, "hello");

        Assert.Equal("Nano answers.", text);
        Assert.Equal("Nano", record.Tier);
        Assert.Equal("Nano:Greeting", record.RoutingReason);
        Assert.Null(record.Escalations);
        Assert.True(record.Cost > 0);
        Assert.True(record.GeniusCost > record.Cost);
        Assert.False(record.CostEstimated);
    }

    [Fact]
    public async Task StreamAsync_ChosenTierFails_EscalatesToNextTierAndSaysWhy()
    {
        _servers[ModelTier.Nano].Behavior = new FakeOpenAIBehavior { FailWithStatus = 500 };
        var (router, _) = Create();

        var (text, record) = await RunAsync(router, "hello");

        Assert.Equal("Fast answers.", text);
        Assert.Equal("Fast", record.Tier);
        Assert.Equal("Nano>Fast:ProviderError", record.Escalations);
        Assert.Single(_servers[ModelTier.Nano].Requests);
    }

    [Fact]
    public async Task StreamAsync_ChosenTierAnswersNothing_EscalatesAsEmpty()
    {
        _servers[ModelTier.Nano].Behavior = new FakeOpenAIBehavior { Tokens = [] };
        var (router, _) = Create();

        var (text, record) = await RunAsync(router, "hello");

        Assert.Equal("Fast answers.", text);
        Assert.Equal("Nano>Fast:Empty", record.Escalations);
    }

    [Fact]
    public async Task StreamAsync_PickedModelFails_DoesNotEscalate()
    {
        _servers[ModelTier.Nano].Behavior = new FakeOpenAIBehavior { FailWithStatus = 500 };
        var (router, _) = Create();

        var (_, record) = await RunAsync(router, "hello", "fake/nano");

        Assert.Equal(StreamOutcome.Error, record.Outcome);
        Assert.Empty(_servers[ModelTier.Fast].Requests);
    }

    [Fact]
    public async Task StreamAsync_ChosenTierDoesNotFitBudget_UsesCheaperTierThatFits()
    {
        const string question = "write a SQL query that counts logins per day";
        var turns = Ask(question);
        var fastMax = CostCalculator.MaxCost(new RoutingOptions().Fast, turns, 1_000);
        var (router, _) = Create(budget: fastMax * 1.5m);

        var (text, record) = await RunAsync(router, question);

        Assert.Equal("Fast answers.", text);
        Assert.Equal("Smart:Code", record.RoutingReason);
        Assert.Equal("Smart>Fast:Budget", record.Escalations);
        Assert.Empty(_servers[ModelTier.Smart].Requests);
    }

    [Fact]
    public async Task StreamAsync_NothingFits_RefusesWithResetTimeWithoutCallingAnyModel()
    {
        var (router, _) = Create(budget: 0m);

        var (text, record) = await RunAsync(router, "hello");

        Assert.Empty(text);
        Assert.Equal(ChatErrorKind.BudgetExceeded, record.ErrorKind);
        Assert.True(record.RetryAfter > TimeSpan.Zero && record.RetryAfter <= TimeSpan.FromDays(1));
        Assert.All(_servers.Values, s => Assert.Empty(s.Requests));
    }

    [Fact]
    public async Task StreamAsync_FiftyConcurrentRequests_NeverOverspendAndRefuseOnlyWhatDidNotFit()
    {
        // Every stream is held open long enough that all 50 reservations overlap: the reservation is taken before
        // the first await, so the loop below makes them one after another, before any of them can settle.
        _servers[ModelTier.Nano].Behavior = new FakeOpenAIBehavior { Tokens = ["Nano", " answers."], TimeToFirstToken = TimeSpan.FromSeconds(2) };
        const string question = "what does DNS stand for?";
        var maxCost = CostCalculator.MaxCost(new RoutingOptions().Nano, Ask(question), 1_000);
        var budget = (maxCost * 20) + (maxCost / 2);
        var (router, ledger) = Create(budget);

        var runs = Enumerable.Range(0, 50).Select(_ => RunAsync(router, question, "fake/nano")).ToList();
        var results = await Task.WhenAll(runs);

        var answered = results.Where(r => r.Record.Outcome == StreamOutcome.Complete).ToList();
        var refused = results.Where(r => r.Record.ErrorKind == ChatErrorKind.BudgetExceeded).ToList();
        Assert.Equal(20, answered.Count);
        Assert.Equal(30, refused.Count);
        Assert.All(answered, r => Assert.Equal("Nano answers.", r.Text));
        var spent = answered.Sum(r => r.Record.Cost!.Value);
        Assert.Equal(spent, ledger.Snapshot().Spent);
        Assert.True(spent <= budget);
        Assert.Equal(0m, ledger.Snapshot().Reserved);
        Assert.Equal(20, _servers[ModelTier.Nano].Requests.Count);
    }

    [Fact]
    public async Task StreamAsync_FiftyConcurrentRequestsThatAllFit_NoneRefused()
    {
        const string question = "what does DNS stand for?";
        var maxCost = CostCalculator.MaxCost(new RoutingOptions().Nano, Ask(question), 1_000);
        var (router, ledger) = Create(budget: maxCost * 50);

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => RunAsync(router, question, "fake/nano")));

        Assert.All(results, r => Assert.Equal(StreamOutcome.Complete, r.Record.Outcome));
        Assert.True(ledger.Snapshot().Spent <= maxCost * 50);
    }
}
