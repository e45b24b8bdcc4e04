using System.Diagnostics;
using AdminChat.Core.Providers;
using AdminChat.Core.Storage;
using AdminChat.Core.Streaming;
using AdminChat.Tests.Fakes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace AdminChat.Tests.Core.Storage;

/// <summary>
/// The same tests on every provider. Tests in a class share one database, so each works only with owners it creates.
/// </summary>
public abstract class ConversationStoreTests<TDatabase>(TDatabase database) : IClassFixture<TDatabase>
    where TDatabase : TestDatabase
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan ShortInterval = TimeSpan.FromMilliseconds(50);

    private readonly ManualTimeProvider _clock = new();

    protected TDatabase Database => database;

    /// <summary>A store on a clock that moves only when a test says so: for ordering and timestamps.</summary>
    private ConversationStore ManualStore() => new(database.Factory, _clock);

    /// <summary>A store on the real clock with a short save interval: for the background saves of answers.</summary>
    private ConversationStore StreamingStore(TimeSpan? interval = null) => new(database.Factory, TimeProvider.System, interval ?? ShortInterval);

    private async Task<string> CreateOwnerAsync()
    {
        await using var db = database.CreateContext();
        var user = new AdminUser { UserName = $"user-{Guid.NewGuid():N}@example.com", CreatedAt = _clock.GetUtcNow().UtcDateTime };
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return user.Id;
    }

    private async Task<StoredMessage> ReadMessageAsync(Guid id)
    {
        await using var db = database.CreateContext();
        return await db.Messages.AsNoTracking().SingleAsync(m => m.Id == id);
    }

    /// <summary>Polls until <paramref name="condition"/> holds: background saves finish when they finish.</summary>
    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> condition, string what)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var value = await read();
            if (condition(value))
            {
                return value;
            }

            if (waited.Elapsed > Timeout)
            {
                Assert.Fail($"Timed out waiting for {what}; last value: {value}");
            }

            await Task.Delay(20);
        }
    }

    private static StreamRecord Record(StreamOutcome outcome, TokenUsage? usage = null, ChatErrorKind? errorKind = null) => new()
    {
        RequestId = "req-1",
        Provider = "final-provider",
        Model = "final-model",
        StartedAt = new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero),
        TimeToFirstChunk = TimeSpan.FromMilliseconds(321),
        Total = TimeSpan.FromSeconds(3),
        Usage = usage,
        Outcome = outcome,
        ErrorKind = errorKind,
    };

    // ---- ownership ----

    [Fact]
    public async Task GetAsync_OtherOwner_ReturnsNull()
    {
        var store = ManualStore();
        var owner = await CreateOwnerAsync();
        var other = await CreateOwnerAsync();
        var conversation = await store.CreateAsync(owner, "Mine");

        Assert.Null(await store.GetAsync(other, conversation.Id));
        Assert.NotNull(await store.GetAsync(owner, conversation.Id));
        Assert.Null(await store.GetAsync(owner, Guid.NewGuid()));
    }

    [Fact]
    public async Task RenameAsync_OtherOwner_ReturnsFalseAndKeepsTitle()
    {
        var store = ManualStore();
        var owner = await CreateOwnerAsync();
        var other = await CreateOwnerAsync();
        var conversation = await store.CreateAsync(owner, "Original");

        Assert.False(await store.RenameAsync(other, conversation.Id, "Hijacked"));
        Assert.False(await store.RenameAsync(owner, Guid.NewGuid(), "Missing"));

        Assert.Equal("Original", (await store.GetAsync(owner, conversation.Id))!.Title);
    }

    [Fact]
    public async Task DeleteAsync_OtherOwner_ReturnsFalseAndKeepsConversation()
    {
        var store = ManualStore();
        var owner = await CreateOwnerAsync();
        var other = await CreateOwnerAsync();
        var conversation = await store.CreateAsync(owner, "Keep me");
        await store.AddUserMessageAsync(owner, conversation.Id, "Keep me");

        Assert.False(await store.DeleteAsync(other, conversation.Id));

        var kept = await store.GetAsync(owner, conversation.Id);
        Assert.NotNull(kept);
        Assert.Single(kept.Messages);
    }

    [Fact]
    public async Task AddUserMessageAsync_OtherOwnerOrMissing_ThrowsKeyNotFound()
    {
        var store = ManualStore();
        var owner = await CreateOwnerAsync();
        var other = await CreateOwnerAsync();
        var conversation = await store.CreateAsync(owner, "Private");

        await Assert.ThrowsAsync<KeyNotFoundException>(() => store.AddUserMessageAsync(other, conversation.Id, "sneaky"));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => store.AddUserMessageAsync(owner, Guid.NewGuid(), "lost"));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => store.BeginAnswerAsync(other, conversation.Id, "m", "p"));

        Assert.Empty((await store.GetAsync(owner, conversation.Id))!.Messages);
    }

    [Fact]
    public async Task ResumeAnswerAsync_OtherOwner_ThrowsKeyNotFound()
    {
        var store = StreamingStore();
        var owner = await CreateOwnerAsync();
        var other = await CreateOwnerAsync();
        var conversation = await store.CreateAsync(owner, "Private");
        await using (var writer = await store.BeginAnswerAsync(owner, conversation.Id, "m", "p"))
        {
            writer.Append("half");
            await writer.CompleteAsync(Record(StreamOutcome.Stopped));
        }

        var messageId = (await store.GetAsync(owner, conversation.Id))!.Messages.Single().Id;

        await Assert.ThrowsAsync<KeyNotFoundException>(() => store.ResumeAnswerAsync(other, messageId));
        Assert.Equal(MessageOutcome.Stopped, (await ReadMessageAsync(messageId)).Outcome);
    }

    [Fact]
    public async Task ListAsync_OtherOwnersConversations_NeverShown()
    {
        var store = ManualStore();
        var owner = await CreateOwnerAsync();
        var other = await CreateOwnerAsync();
        var mine = await store.CreateAsync(owner, "Shared words here");
        await store.CreateAsync(other, "Shared words there");

        var listed = await store.ListAsync(owner);
        var searched = await store.ListAsync(owner, "shared");

        Assert.Equal(mine.Id, Assert.Single(listed).Id);
        Assert.Equal(mine.Id, Assert.Single(searched).Id);
    }

    // ---- listing and search ----

    [Fact]
    public async Task ListAsync_SeveralConversations_NewestActivityFirst()
    {
        var store = ManualStore();
        var owner = await CreateOwnerAsync();
        var first = await store.CreateAsync(owner, "First");
        _clock.Advance(TimeSpan.FromMinutes(1));
        var second = await store.CreateAsync(owner, "Second");
        _clock.Advance(TimeSpan.FromMinutes(1));
        var third = await store.CreateAsync(owner, "Third");
        _clock.Advance(TimeSpan.FromMinutes(1));
        await store.AddUserMessageAsync(owner, first.Id, "A follow-up makes it the newest");

        var listed = await store.ListAsync(owner);

        Assert.Equal([first.Id, third.Id, second.Id], listed.Select(c => c.Id));
        Assert.Equal(_clock.GetUtcNow().UtcDateTime, listed[0].UpdatedAt);
        Assert.Equal(DateTimeKind.Utc, listed[0].UpdatedAt.Kind);
    }

    [Fact]
    public async Task ListAsync_SearchTitleInOtherCase_Matches()
    {
        var store = ManualStore();
        var owner = await CreateOwnerAsync();
        var match = await store.CreateAsync(owner, "Quarterly Revenue Report");
        await store.CreateAsync(owner, "Something else");

        var found = await store.ListAsync(owner, "  revenue REPORT ");

        Assert.Equal(match.Id, Assert.Single(found).Id);
    }

    [Fact]
    public async Task ListAsync_SearchMessageText_MatchesConversation()
    {
        var store = StreamingStore();
        var owner = await CreateOwnerAsync();
        var byQuestion = await store.CreateAsync(owner, "Title one");
        await store.AddUserMessageAsync(owner, byQuestion.Id, "How do I reset the PASSWORD policy?");
        var byAnswer = await store.CreateAsync(owner, "Title two");
        await using (var writer = await store.BeginAnswerAsync(owner, byAnswer.Id, "m", "p"))
        {
            writer.Append("Open settings, then the Password tab.");
            await writer.CompleteAsync(Record(StreamOutcome.Complete));
        }

        await store.CreateAsync(owner, "Title three");

        var found = await store.ListAsync(owner, "password");

        Assert.Equal(new HashSet<Guid> { byAnswer.Id, byQuestion.Id }, found.Select(c => c.Id).ToHashSet());
    }

    [Fact]
    public async Task ListAsync_SearchAccentedLatinInOtherCase_Matches()
    {
        var store = ManualStore();
        var owner = await CreateOwnerAsync();
        var byTitle = await store.CreateAsync(owner, "ÉCLAIRS au café");
        var byMessage = await store.CreateAsync(owner, "Other");
        await store.AddUserMessageAsync(owner, byMessage.Id, "Über die Größe");
        await store.CreateAsync(owner, "eclairs without accents");

        Assert.Equal(byTitle.Id, Assert.Single(await store.ListAsync(owner, "éclairs AU CAFÉ")).Id);
        Assert.Equal(byMessage.Id, Assert.Single(await store.ListAsync(owner, "über DIE größe")).Id);
    }

    [Fact]
    public async Task ListAsync_SearchArabic_MatchesTitleAndMessages()
    {
        var store = ManualStore();
        var owner = await CreateOwnerAsync();
        var byTitle = await store.CreateAsync(owner, "ما هي أفضل طريقة لتأمين الخادم؟");
        var byMessage = await store.CreateAsync(owner, "English title");
        await store.AddUserMessageAsync(owner, byMessage.Id, "أريد تأمين قاعدة البيانات");
        await store.CreateAsync(owner, "لا علاقة له");

        var found = await store.ListAsync(owner, "تأمين");

        Assert.Equal(new HashSet<Guid> { byTitle.Id, byMessage.Id }, found.Select(c => c.Id).ToHashSet());
    }

    [Fact]
    public async Task ListAsync_SearchWithLikeWildcards_MatchesLiterally()
    {
        var store = ManualStore();
        var owner = await CreateOwnerAsync();
        var percent = await store.CreateAsync(owner, "Growth of 50% this year");
        await store.CreateAsync(owner, "Growth of 50 units");
        await store.CreateAsync(owner, "snake_case names");

        Assert.Equal(percent.Id, Assert.Single(await store.ListAsync(owner, "50%")).Id);
        Assert.Empty(await store.ListAsync(owner, "e_c_s"));
        Assert.Single(await store.ListAsync(owner, "snake_case"));
    }

    // ---- titles ----

    [Fact]
    public async Task CreateAsync_LongQuestion_TitleCutAtWordBoundaryWithEllipsis()
    {
        var store = ManualStore();
        var owner = await CreateOwnerAsync();
        var question = "Please   explain,\n\tin detail, how the streaming pipeline keeps the dashboard responsive while the model is still generating a very long answer";

        var conversation = await store.CreateAsync(owner, question);

        Assert.True(conversation.Title.Length <= ConversationStore.DerivedTitleLength, conversation.Title);
        Assert.EndsWith("…", conversation.Title, StringComparison.Ordinal);
        var kept = conversation.Title[..^1];
        Assert.StartsWith("Please explain, in detail, how the streaming", kept, StringComparison.Ordinal);
        Assert.StartsWith(kept + " ", "Please explain, in detail, how the streaming pipeline keeps the dashboard responsive while the model is still generating a very long answer", StringComparison.Ordinal);
        Assert.Equal(conversation.Title, (await store.GetAsync(owner, conversation.Id))!.Title);
    }

    [Fact]
    public async Task CreateAsync_LongArabicQuestion_TitleCutAtWordBoundary()
    {
        var store = ManualStore();
        var owner = await CreateOwnerAsync();
        var words = string.Join(' ', Enumerable.Repeat("كيف يمكنني تحسين أداء لوحة التحكم", 6));

        var conversation = await store.CreateAsync(owner, words);

        Assert.True(conversation.Title.Length <= ConversationStore.DerivedTitleLength);
        Assert.EndsWith("…", conversation.Title, StringComparison.Ordinal);
        Assert.StartsWith(conversation.Title[..^1] + " ", words, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenameAsync_Padded_TrimsAndSaves()
    {
        var store = ManualStore();
        var owner = await CreateOwnerAsync();
        var conversation = await store.CreateAsync(owner, "Old");

        Assert.True(await store.RenameAsync(owner, conversation.Id, "  New name  "));

        Assert.Equal("New name", (await store.GetAsync(owner, conversation.Id))!.Title);
    }

    [Fact]
    public async Task RenameAsync_OlderConversation_KeepsListOrder()
    {
        var store = ManualStore();
        var owner = await CreateOwnerAsync();
        var older = await store.CreateAsync(owner, "Older");
        _clock.Advance(TimeSpan.FromMinutes(1));
        var newer = await store.CreateAsync(owner, "Newer");
        _clock.Advance(TimeSpan.FromMinutes(1));

        Assert.True(await store.RenameAsync(owner, older.Id, "Renamed"));

        Assert.Equal([newer.Id, older.Id], (await store.ListAsync(owner)).Select(c => c.Id));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \t ")]
    public async Task RenameAsync_EmptyTitle_ThrowsArgumentException(string title)
    {
        var store = ManualStore();
        var owner = await CreateOwnerAsync();
        var conversation = await store.CreateAsync(owner, "Old");

        await Assert.ThrowsAsync<ArgumentException>(() => store.RenameAsync(owner, conversation.Id, title));
    }

    // ---- messages ----

    [Fact]
    public async Task DeleteAsync_Owner_DeletesConversationAndMessages()
    {
        var store = StreamingStore();
        var owner = await CreateOwnerAsync();
        var conversation = await store.CreateAsync(owner, "Doomed");
        await store.AddUserMessageAsync(owner, conversation.Id, "Doomed");
        await using (var writer = await store.BeginAnswerAsync(owner, conversation.Id, "m", "p"))
        {
            writer.Append("answer");
            await writer.CompleteAsync(Record(StreamOutcome.Complete));
        }

        Assert.True(await store.DeleteAsync(owner, conversation.Id));

        Assert.Null(await store.GetAsync(owner, conversation.Id));
        Assert.Empty(await store.ListAsync(owner));
        await using var db = Database.CreateContext();
        Assert.Equal(0, await db.Messages.CountAsync(m => m.ConversationId == conversation.Id));
    }

    [Fact]
    public async Task GetAsync_MessagesWithSameTimestamp_InInsertionOrder()
    {
        var store = ManualStore();
        var owner = await CreateOwnerAsync();
        var conversation = await store.CreateAsync(owner, "Order");
        var texts = Enumerable.Range(1, 8).Select(i => $"message {i}").ToList();
        foreach (var text in texts)
        {
            await store.AddUserMessageAsync(owner, conversation.Id, text);
        }

        _clock.Advance(TimeSpan.FromSeconds(1));
        await store.AddUserMessageAsync(owner, conversation.Id, "later");

        var read = await store.GetAsync(owner, conversation.Id);

        Assert.Equal([.. texts, "later"], read!.Messages.Select(m => m.Text));
    }

    [Fact]
    public async Task AddUserMessageAsync_Owner_StoresMessageAndBumpsUpdatedAt()
    {
        var store = ManualStore();
        var owner = await CreateOwnerAsync();
        var conversation = await store.CreateAsync(owner, "Question");
        _clock.Advance(TimeSpan.FromMinutes(5));

        var message = await store.AddUserMessageAsync(owner, conversation.Id, "Question");

        var read = await store.GetAsync(owner, conversation.Id);
        Assert.Equal(_clock.GetUtcNow().UtcDateTime, read!.UpdatedAt);
        var stored = Assert.Single(read.Messages);
        Assert.Equal(message.Id, stored.Id);
        Assert.Equal(ChatRole.User, stored.Role);
        Assert.Equal("Question", stored.Text);
        Assert.Equal(DateTimeKind.Utc, stored.CreatedAt.Kind);
    }

    // ---- answers ----

    [Fact]
    public async Task Append_IntervalPasses_TextSavedWhileStreaming()
    {
        var store = StreamingStore();
        var owner = await CreateOwnerAsync();
        var conversation = await store.CreateAsync(owner, "Stream");
        await using var writer = await store.BeginAnswerAsync(owner, conversation.Id, "model-x", "provider-y");

        var begun = await ReadMessageAsync(writer.MessageId);
        Assert.Equal(MessageOutcome.Streaming, begun.Outcome);
        Assert.Equal(string.Empty, begun.Text);
        Assert.Equal(ChatRole.Assistant, begun.Role);

        writer.Append("Hello ");
        writer.Append("world");

        var saved = await EventuallyAsync(() => ReadMessageAsync(writer.MessageId), m => m.Text == "Hello world", "the first background save");
        Assert.Equal(MessageOutcome.Streaming, saved.Outcome);
        Assert.Null(saved.CompletedAt);

        writer.Append(", again");
        await EventuallyAsync(() => ReadMessageAsync(writer.MessageId), m => m.Text == "Hello world, again", "a later background save");
        Assert.Equal("Hello world, again", writer.Text);
    }

    [Fact]
    public async Task CompleteAsync_Record_SavesEveryField()
    {
        var store = new ConversationStore(Database.Factory, _clock, TimeSpan.FromHours(1));
        var owner = await CreateOwnerAsync();
        var conversation = await store.CreateAsync(owner, "Complete");
        await using var writer = await store.BeginAnswerAsync(owner, conversation.Id, "begin-model", "begin-provider");
        writer.Append("The whole ");
        writer.Append("answer.");
        _clock.Advance(TimeSpan.FromSeconds(30));

        await writer.CompleteAsync(Record(StreamOutcome.Partial, new TokenUsage(12, 34), ChatErrorKind.Timeout));

        var message = await ReadMessageAsync(writer.MessageId);
        Assert.Equal("The whole answer.", message.Text);
        Assert.Equal(MessageOutcome.Partial, message.Outcome);
        Assert.Equal(ChatErrorKind.Timeout, message.ErrorKind);
        Assert.Equal(12, message.InputTokens);
        Assert.Equal(34, message.OutputTokens);
        Assert.Equal(321, message.TimeToFirstTokenMs);
        Assert.Equal("final-model", message.Model);
        Assert.Equal("final-provider", message.Provider);
        Assert.Equal(_clock.GetUtcNow().UtcDateTime, message.CompletedAt);
        Assert.Equal(DateTimeKind.Utc, message.CompletedAt!.Value.Kind);
        Assert.Equal(_clock.GetUtcNow().UtcDateTime, (await store.GetAsync(owner, conversation.Id))!.UpdatedAt);
    }

    [Theory]
    [InlineData(StreamOutcome.Complete, MessageOutcome.Complete)]
    [InlineData(StreamOutcome.Stopped, MessageOutcome.Stopped)]
    [InlineData(StreamOutcome.Partial, MessageOutcome.Partial)]
    [InlineData(StreamOutcome.Error, MessageOutcome.Error)]
    public async Task CompleteAsync_Outcome_Mapped(StreamOutcome outcome, MessageOutcome expected)
    {
        var store = StreamingStore();
        var owner = await CreateOwnerAsync();
        var conversation = await store.CreateAsync(owner, "Outcome");
        await using var writer = await store.BeginAnswerAsync(owner, conversation.Id, "m", "p");

        await writer.CompleteAsync(Record(outcome));

        var message = await ReadMessageAsync(writer.MessageId);
        Assert.Equal(expected, message.Outcome);
        Assert.Null(message.InputTokens);
    }

    [Fact]
    public async Task DisposeAsync_WithoutComplete_KeepsTextAndStaysStreaming()
    {
        // An interval that never passes: only the flush on dispose can have written the text.
        var store = StreamingStore(TimeSpan.FromHours(1));
        var owner = await CreateOwnerAsync();
        var conversation = await store.CreateAsync(owner, "Dispose");
        Guid messageId;
        await using (var writer = await store.BeginAnswerAsync(owner, conversation.Id, "m", "p"))
        {
            messageId = writer.MessageId;
            writer.Append("kept ");
            writer.Append("text");
        }

        var message = await ReadMessageAsync(messageId);
        Assert.Equal("kept text", message.Text);
        Assert.Equal(MessageOutcome.Streaming, message.Outcome);
    }

    [Fact]
    public async Task InitializeDatabaseAsync_LeftoverStreamingRow_MarkedInterrupted()
    {
        var store = StreamingStore(TimeSpan.FromHours(1));
        var owner = await CreateOwnerAsync();
        var conversation = await store.CreateAsync(owner, "Crash");
        Guid messageId;
        await using (var writer = await store.BeginAnswerAsync(owner, conversation.Id, "m", "p"))
        {
            messageId = writer.MessageId;
            writer.Append("before the crash");
        }

        await using (var services = Database.CreateServices())
        {
            await services.InitializeDatabaseAsync();
        }

        var message = await ReadMessageAsync(messageId);
        Assert.Equal(MessageOutcome.Interrupted, message.Outcome);
        Assert.Equal("before the crash", message.Text);
    }

    [Fact]
    public async Task ResumeAnswerAsync_InterruptedAnswer_AppendsToExistingText()
    {
        var store = StreamingStore();
        var owner = await CreateOwnerAsync();
        var conversation = await store.CreateAsync(owner, "Resume");
        Guid messageId;
        await using (var writer = await store.BeginAnswerAsync(owner, conversation.Id, "m", "p"))
        {
            messageId = writer.MessageId;
            writer.Append("First half, ");
            await writer.CompleteAsync(Record(StreamOutcome.Partial, errorKind: ChatErrorKind.NetworkUnreachable));
        }

        await using (var resumed = await store.ResumeAnswerAsync(owner, messageId))
        {
            Assert.Equal(messageId, resumed.MessageId);
            Assert.Equal("First half, ", resumed.Text);
            Assert.Equal(MessageOutcome.Streaming, (await ReadMessageAsync(messageId)).Outcome);

            resumed.Append("second half.");
            Assert.Equal("First half, second half.", resumed.Text);
            await EventuallyAsync(() => ReadMessageAsync(messageId), m => m.Text == "First half, second half.", "the resumed text");
            await resumed.CompleteAsync(Record(StreamOutcome.Complete));
        }

        var message = await ReadMessageAsync(messageId);
        Assert.Equal("First half, second half.", message.Text);
        Assert.Equal(MessageOutcome.Complete, message.Outcome);
        Assert.Null(message.ErrorKind);
        Assert.Single((await store.GetAsync(owner, conversation.Id))!.Messages);
    }

    [Fact]
    public async Task ResumeAnswerAsync_CompleteAnswer_ThrowsInvalidOperation()
    {
        var store = StreamingStore();
        var owner = await CreateOwnerAsync();
        var conversation = await store.CreateAsync(owner, "Done");
        await using var writer = await store.BeginAnswerAsync(owner, conversation.Id, "m", "p");
        writer.Append("done");
        await writer.CompleteAsync(Record(StreamOutcome.Complete));

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.ResumeAnswerAsync(owner, writer.MessageId));
    }

    [Fact]
    public async Task Append_ManyChunksWhileSavesRun_NothingLostAndSavesNeverGoBack()
    {
        var store = StreamingStore(TimeSpan.FromMilliseconds(5));
        var owner = await CreateOwnerAsync();
        var conversation = await store.CreateAsync(owner, "Many");
        var chunks = Enumerable.Range(0, 1500).Select(i => $"w{i} ").ToList();
        var expected = string.Concat(chunks);
        var writer = await store.BeginAnswerAsync(owner, conversation.Id, "m", "p");

        // A reader watching the row as the saves land: each text it sees must extend the one before.
        using var stopWatching = new CancellationTokenSource();
        var seen = new List<string>();
        var watcher = Task.Run(async () =>
        {
            while (!stopWatching.IsCancellationRequested)
            {
                seen.Add((await ReadMessageAsync(writer.MessageId)).Text);
                await Task.Delay(2);
            }
        });

        // One producer, as in the streaming loop; it yields now and then so background saves interleave with appends.
        await Task.Run(async () =>
        {
            for (var i = 0; i < chunks.Count; i++)
            {
                writer.Append(chunks[i]);
                if (i % 25 == 0)
                {
                    await Task.Delay(1);
                }
            }
        });

        await EventuallyAsync(() => ReadMessageAsync(writer.MessageId), m => m.Text == expected, "the last background save");
        await stopWatching.CancelAsync();
        await watcher;
        await writer.CompleteAsync(Record(StreamOutcome.Complete));
        await writer.DisposeAsync();

        Assert.Equal(expected, writer.Text);
        Assert.Equal(expected, (await ReadMessageAsync(writer.MessageId)).Text);
        Assert.True(seen.Count > 1);
        for (var i = 1; i < seen.Count; i++)
        {
            Assert.StartsWith(seen[i - 1], seen[i], StringComparison.Ordinal);
        }

        Assert.StartsWith(seen[^1], expected, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompleteAsync_ConversationDeletedWhileStreaming_DoesNotThrow()
    {
        var store = StreamingStore();
        var owner = await CreateOwnerAsync();
        var conversation = await store.CreateAsync(owner, "Deleted mid-answer");
        await using var writer = await store.BeginAnswerAsync(owner, conversation.Id, "m", "p");
        writer.Append("some text");
        Assert.True(await store.DeleteAsync(owner, conversation.Id));

        writer.Append(" and more");
        await writer.CompleteAsync(Record(StreamOutcome.Complete));

        await using var db = Database.CreateContext();
        Assert.False(await db.Messages.AnyAsync(m => m.Id == writer.MessageId));
    }

    [Fact]
    public async Task Append_AfterComplete_Throws()
    {
        var store = StreamingStore();
        var owner = await CreateOwnerAsync();
        var conversation = await store.CreateAsync(owner, "Closed");
        await using var writer = await store.BeginAnswerAsync(owner, conversation.Id, "m", "p");
        await writer.CompleteAsync(Record(StreamOutcome.Complete));

        Assert.Throws<ObjectDisposedException>(() => writer.Append("late"));
    }
}

public sealed class SqliteConversationStoreTests(MigratedSqliteTestDatabase database)
    : ConversationStoreTests<MigratedSqliteTestDatabase>(database)
{
    [Fact]
    public async Task InitializeDatabaseAsync_Sqlite_JournalModeIsWal()
    {
        await using var connection = new SqliteConnection(Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";

        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
    }
}

public sealed class PostgresConversationStoreTests(MigratedPostgresTestDatabase database)
    : ConversationStoreTests<MigratedPostgresTestDatabase>(database);

/// <summary>Title derivation alone: no database, so it runs once rather than once per provider.</summary>
public sealed class ConversationStoreTitleTests
{
    [Theory]
    [InlineData("  Short   question \n", "Short question")]
    [InlineData("ما هو الطقس اليوم؟", "ما هو الطقس اليوم؟")]
    public void TitleFrom_ShortQuestion_CollapsedWhiteSpaceOnly(string question, string expected) =>
        Assert.Equal(expected, ConversationStore.TitleFrom(question));

    [Fact]
    public void TitleFrom_OneHugeWord_HardCutWithEllipsis()
    {
        var title = ConversationStore.TitleFrom(new string('x', 300));

        Assert.Equal(new string('x', ConversationStore.DerivedTitleLength - 1) + "…", title);
    }

    [Fact]
    public void TitleFrom_ExactlyEightyCharacters_Unchanged()
    {
        var question = string.Join(' ', Enumerable.Repeat("abcdefghi", 8)) + "x"; // 8 * 10 - 1 + 1 = 80

        Assert.Equal(question, ConversationStore.TitleFrom(question));
    }
}
