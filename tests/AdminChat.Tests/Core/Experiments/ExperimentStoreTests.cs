using AdminChat.Core.Experiments;
using AdminChat.Core.Metrics;
using AdminChat.Core.Providers;
using AdminChat.Core.Storage;
using AdminChat.Core.Streaming;
using AdminChat.Tests.Core.Storage;
using AdminChat.Tests.Fakes;

namespace AdminChat.Tests.Core.Experiments;

/// <summary>The store, ratings and the report's database reads, on each provider. Tests in a class run one at a time.</summary>
public abstract class ExperimentStoreTests<TDatabase>(TDatabase database) : IClassFixture<TDatabase>
    where TDatabase : TestDatabase
{
    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));

    private ExperimentStore Store => new(database.Factory, _clock);

    private static Experiment Draft(string name, Func<int, ExperimentVariant>? variant = null) => new()
    {
        Name = name,
        Hypothesis = "Bigger chunks feel faster",
        PrimaryMetric = PrimaryMetric.Ttft,
        Variants = [.. Enumerable.Range(0, 2).Select(i => variant?.Invoke(i)
            ?? new ExperimentVariant { Key = "?", Name = $"v{i}", WordsPerChunk = i == 0 ? 1 : 3 })],
    };

    private async Task StopAllAsync()
    {
        foreach (var running in await Store.RunningAsync())
        {
            await Store.StopAsync(running.Id);
        }
    }

    [Fact]
    public async Task CreateAsync_ValidDraft_SavedAsDraftWithKeysInOrder()
    {
        var (result, id) = await Store.CreateAsync(Draft("keys"));
        Assert.True(result.Succeeded);
        var saved = await Store.GetAsync(id);
        Assert.NotNull(saved);
        Assert.Equal(ExperimentState.Draft, saved.State);
        Assert.Equal(["A", "B"], saved.Variants.Select(v => v.Key));
        Assert.Equal([1, 3], saved.Variants.Select(v => v.WordsPerChunk));
        Assert.Equal(ExperimentSetting.Chunking, saved.Settings);
    }

    [Theory]
    [InlineData("", "NameRequired")]
    [InlineData("nothing", "NothingChanges")]
    public async Task CreateAsync_InvalidDraft_RefusedWithReason(string name, string problem)
    {
        var (result, _) = await Store.CreateAsync(Draft(name, i => new ExperimentVariant { Key = "?", Name = $"v{i}" }));
        Assert.Equal(ExperimentChange.Invalid, result.Outcome);
        Assert.Equal(problem, result.Problem);
    }

    [Fact]
    public async Task StartAsync_SecondExperimentOnSameSetting_RefusedNamingTheRunningOne()
    {
        await StopAllAsync();
        var (_, first) = await Store.CreateAsync(Draft("chunking-1"));
        var (_, second) = await Store.CreateAsync(Draft("chunking-2"));
        var (_, other) = await Store.CreateAsync(Draft("temperature",
            i => new ExperimentVariant { Key = "?", Name = $"t{i}", Temperature = i == 0 ? 0.2f : 0.9f }));

        Assert.True((await Store.StartAsync(first)).Succeeded);
        var refused = await Store.StartAsync(second);
        Assert.Equal(ExperimentChange.SettingTaken, refused.Outcome);
        Assert.Equal("chunking-1", refused.Conflict?.Name);
        Assert.True((await Store.StartAsync(other)).Succeeded);
        Assert.Equal(ExperimentChange.WrongState, (await Store.StartAsync(first)).Outcome);

        var started = await Store.GetAsync(first);
        Assert.Equal(_clock.GetUtcNow().UtcDateTime, started!.StartedAt);
        _clock.Advance(TimeSpan.FromMinutes(5));
        Assert.True((await Store.StopAsync(first)).Succeeded);
        var stopped = await Store.GetAsync(first);
        Assert.Equal(ExperimentState.Stopped, stopped!.State);
        Assert.Equal(_clock.GetUtcNow().UtcDateTime, stopped.StoppedAt);
        Assert.True((await Store.StartAsync(second)).Succeeded);
        await StopAllAsync();
    }

    [Fact]
    public async Task BuildAsync_RequestsAndRatings_CountedPerVariant()
    {
        await StopAllAsync();
        var (_, id) = await Store.CreateAsync(Draft("report"));
        await Store.StartAsync(id);
        var experiment = (await Store.GetAsync(id))!;

        // Requests: three for A, two for B, and one tagged for another experiment that must not count.
        await using (var db = database.CreateContext())
        {
            var at = _clock.GetUtcNow().UtcDateTime.AddSeconds(1);
            string[] tags = [$"x{id}:A", $"x{id}:A", $"x{id}:A", $"x{id}:B", $"x{id}:B", $"x{id + 100}:A"];
            for (var i = 0; i < tags.Length; i++)
            {
                db.RequestMetrics.Add(new RequestMetric
                {
                    RequestId = $"r{id}-{i}", UserId = $"user-{i % 2}", Provider = "p", Model = "m", Variant = tags[i],
                    StartedAt = at, TtftMs = 100 + i, TotalMs = 500, Outcome = i == 2 ? StreamOutcome.Error : StreamOutcome.Complete,
                });
            }

            await db.SaveChangesAsync();
        }

        // Ratings: a thumbs up for A, a thumbs down for B that is then taken back and given again as up.
        var conversations = new ConversationStore(database.Factory, _clock);
        var owner = await CreateOwnerAsync();
        var conversation = await conversations.CreateAsync(owner, "q");
        await conversations.AddUserMessageAsync(owner, conversation.Id, "q");
        var answerA = await AnswerAsync(conversations, owner, conversation.Id, $"x{id}:A");
        var answerB = await AnswerAsync(conversations, owner, conversation.Id, $"x{id}:B");
        Assert.True(await conversations.SetFeedbackAsync(owner, answerA, 1));
        Assert.True(await conversations.SetFeedbackAsync(owner, answerB, -1));
        Assert.True(await conversations.SetFeedbackAsync(owner, answerB, null));
        Assert.True(await conversations.SetFeedbackAsync(owner, answerB, 1));
        Assert.False(await conversations.SetFeedbackAsync("someone-else", answerB, -1));

        var reports = new ExperimentReports(database.Factory, Store,
            new FixedOptionsMonitor<ExperimentsOptions>(new ExperimentsOptions { MinimumSamplesPerVariant = 10 }), _clock);
        var report = await reports.BuildAsync(experiment.Id);

        Assert.NotNull(report);
        var a = report.Variants[0];
        var b = report.Variants[1];
        Assert.Equal((3, 2, 1, 1, 1), (a.Requests, a.Users, a.Errors, a.Rated, a.ThumbsUp));
        Assert.Equal((2, 2, 0, 1, 1), (b.Requests, b.Users, b.Errors, b.Rated, b.ThumbsUp));
        Assert.All(report.Comparisons, c => Assert.True(c.BelowMinimumSample));
        Assert.NotNull(report.Srm);
        await StopAllAsync();
    }

    private async Task<Guid> AnswerAsync(ConversationStore conversations, string owner, Guid conversationId, string variant)
    {
        await using var writer = await conversations.BeginAnswerAsync(owner, conversationId, "m", "p");
        writer.Append("answer");
        await writer.CompleteAsync(new StreamRecord
        {
            RequestId = Guid.NewGuid().ToString("N"), Provider = "p", Model = "m", StartedAt = _clock.GetUtcNow(),
            Total = TimeSpan.FromSeconds(1), Outcome = StreamOutcome.Complete, Variant = variant,
        });
        return writer.MessageId;
    }

    private async Task<string> CreateOwnerAsync()
    {
        await using var db = database.CreateContext();
        var user = new AdminUser { UserName = $"user-{Guid.NewGuid():N}@example.com", CreatedAt = _clock.GetUtcNow().UtcDateTime };
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return user.Id;
    }
}

public sealed class SqliteExperimentStoreTests(MigratedSqliteTestDatabase database)
    : ExperimentStoreTests<MigratedSqliteTestDatabase>(database);

public sealed class PostgresExperimentStoreTests(MigratedPostgresTestDatabase database)
    : ExperimentStoreTests<MigratedPostgresTestDatabase>(database);
