using AdminChat.Core.Conversations;
using AdminChat.Core.Experiments;
using AdminChat.Core.Hybrid;
using AdminChat.Core.Metrics;
using AdminChat.Core.Providers;
using AdminChat.Core.Routing;
using AdminChat.Core.Storage;
using AdminChat.Core.Streaming;
using Microsoft.Extensions.Options;

namespace AdminChat.Web.Components.Chat;

public enum SendResult
{
    Sent,
    Empty,
    TooLong,
    Busy,
}

/// <summary>
/// The conversation on screen for one circuit, kept out of the components so they stay small. Questions and
/// answers are stored as they happen (answers while they stream), so a restart or a closed tab loses nothing
/// that reached the server. One answer streams at a time; a new question, another conversation or leaving the
/// page stops the one in flight.
/// </summary>
public sealed class ChatState(
    AdminChatStreamingService streaming,
    IConversationStore store,
    CurrentUser user,
    MetricsRecorder metrics,
    IOptions<ChatOptions> options,
    ILogger<ChatState> logger,
    ExperimentAssignment experiments,
    IntelligentRouter router,
    HybridStreaming hybrid,
    WarmStarter warmStarter) : IDisposable
{
    private readonly List<ChatEntry> _entries = [];
    private CancellationTokenSource? _current;
    private CancellationTokenSource? _warmDebounce;

    // Only requests this circuit started may get a perceived TTFT from its browser.
    private readonly HashSet<string> _requestsAwaitingPerceived = new(StringComparer.Ordinal);

    public IReadOnlyList<ChatEntry> Entries => _entries;

    /// <summary>"Auto" first when routing is on, then every configured model.</summary>
    public IReadOnlyList<ModelChoice> Models => router.Enabled
        ? [new ModelChoice(IntelligentRouter.AutoModel, "router", router.Tiers.Tiers.Any(t => t.Simulated)), .. streaming.Catalog.Choices]
        : streaming.Catalog.Choices;

    public string SelectedModel { get; set; } = router.Enabled ? IntelligentRouter.AutoModel : streaming.Catalog.Default.Model;

    public bool SelectedIsSimulated => IntelligentRouter.IsAuto(SelectedModel) && router.Enabled
        ? router.Tiers.Tiers.Any(t => t.Simulated)
        : streaming.Catalog.Resolve(SelectedModel).Choice.IsSimulated;

    public int MaxMessageLength => options.Value.MaxMessageLength;

    public Guid? ConversationId { get; private set; }

    public bool IsStreaming => _current is not null;

    public StreamRecord? LastRecord { get; private set; }

    /// <summary>True when hybrid streaming (response cache, warm start, adaptive chunks) is on for this app.</summary>
    public bool HybridStreaming => hybrid.Enabled;

    /// <summary>The admin asked for a fresh answer to the next question: the response cache is skipped once.</summary>
    public bool BypassCacheNext { get; set; }

    /// <summary>The browser's send → first text painted for <see cref="LastRecord"/>'s request, when reported.</summary>
    public double? LastPerceivedTtftMs { get; private set; }

    /// <summary>Raised when entries are added or an answer starts or finishes (not on every chunk).</summary>
    public event Action? Changed;

    /// <summary>Raised when a conversation is created or its order in the list changes.</summary>
    public event Action? ConversationsChanged;

    /// <summary>Shows a stored conversation, or a new empty one for null; false when it is not this admin's.</summary>
    public async Task<bool> LoadAsync(Guid? conversationId)
    {
        if (conversationId is not null && conversationId == ConversationId)
        {
            return true;
        }

        Stop();
        _entries.Clear();
        LastRecord = null;
        ConversationId = null;
        if (conversationId is { } id)
        {
            var conversation = await store.GetAsync(await user.IdAsync(), id);
            if (conversation is null)
            {
                Changed?.Invoke();
                return false;
            }

            ConversationId = conversation.Id;
            _entries.AddRange(conversation.Messages.Select(m =>
                ChatEntry.FromStored(m, m.Provider == SimulatedChatProvider.ProviderName)));
        }

        Changed?.Invoke();
        return true;
    }

    /// <summary>Stores the question and starts streaming its answer; returns once the answer is underway.</summary>
    public async Task<SendResult> SendAsync(string question)
    {
        if (string.IsNullOrWhiteSpace(question))
        {
            return SendResult.Empty;
        }

        if (question.Length > MaxMessageLength)
        {
            return SendResult.TooLong;
        }

        if (IsStreaming)
        {
            return SendResult.Busy;
        }

        var owner = await user.IdAsync();
        ConversationId ??= (await store.CreateAsync(owner, question)).Id;
        var stored = await store.AddUserMessageAsync(owner, ConversationId.Value, question);
        var entry = ChatEntry.FromUser(question, SelectedModel);
        entry.MessageId = stored.Id;
        _entries.Add(entry);
        ConversationsChanged?.Invoke();
        await StartAnswerAsync(owner, resume: null);
        return SendResult.Sent;
    }

    /// <summary>Asks again for the answer that failed with nothing to show, with the same conversation before it.</summary>
    public async Task RetryAsync(ChatEntry failed)
    {
        if (IsStreaming || _entries.Count == 0 || _entries[^1] != failed || failed.Status != EntryStatus.Error)
        {
            return;
        }

        if (failed.Text.Length > 0)
        {
            await ContinueAsync(failed);
            return;
        }

        _entries.RemoveAt(_entries.Count - 1);
        await StartAnswerAsync(await user.IdAsync(), resume: null);
    }

    /// <summary>Asks the model to carry on from the end of a cut-off answer, appending to the same message.</summary>
    public async Task ContinueAsync(ChatEntry cutOff)
    {
        if (IsStreaming || !cutOff.CanContinue || cutOff.MessageId is null || _entries.Count == 0 || _entries[^1] != cutOff)
        {
            return;
        }

        await StartAnswerAsync(await user.IdAsync(), resume: cutOff);
    }

    public void Stop() => _current?.Cancel();

    /// <summary>Rates an answer (1 up, -1 down, null to take the rating back); pressing the same thumb again undoes it.</summary>
    public async Task RateAsync(ChatEntry answer, int feedback)
    {
        if (answer.Role != ChatRole.Assistant || answer.MessageId is not { } id)
        {
            return;
        }

        int? value = answer.Feedback == feedback ? null : feedback;
        if (await store.SetFeedbackAsync(await user.IdAsync(), id, value))
        {
            answer.SetFeedback(value);
        }
    }

    /// <summary>
    /// The composer's draft changed (hybrid streaming's warm start): once typing pauses, the connection to the provider
    /// the question will go to is opened. The draft only picks the provider; it is never sent.
    /// </summary>
    public void DraftChanged(string? draft)
    {
        if (!hybrid.Enabled || string.IsNullOrWhiteSpace(draft) || IsStreaming)
        {
            return;
        }

        _warmDebounce?.Cancel();
        _warmDebounce?.Dispose();
        _warmDebounce = new CancellationTokenSource();
        _ = WarmAfterPauseAsync(draft, SelectedModel, _warmDebounce.Token);
    }

    private async Task WarmAfterPauseAsync(string draft, string model, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(TimeSpan.FromMilliseconds(hybrid.Options.WarmStartDebounceMs), cancellationToken);
            await warmStarter.WarmAsync(draft, model, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // More typing, or the page went away.
        }
#pragma warning disable CA1031 // Warm start is best effort: it must never disturb the chat.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            logger.LogDebug(ex, "Warm start failed");
        }
    }

    /// <summary>
    /// The browser measured send → first text painted for one of this circuit's answers. Anything else (an unknown
    /// id, a second report, a figure that cannot be a wait) is ignored: the page is not trusted with other requests.
    /// </summary>
    public void ReportPerceivedTtft(string? requestId, double milliseconds)
    {
        if (requestId is null || !_requestsAwaitingPerceived.Remove(requestId)
            || double.IsNaN(milliseconds) || milliseconds < 0 || milliseconds > TimeSpan.FromHours(1).TotalMilliseconds)
        {
            return;
        }

        metrics.ReportPerceived(requestId, milliseconds);
        if (_entries.LastOrDefault(e => e.RequestId == requestId) is { } entry)
        {
            entry.PerceivedTtftMs = milliseconds;
            if (LastRecord?.RequestId == requestId)
            {
                LastPerceivedTtftMs = milliseconds;
            }
        }

        Changed?.Invoke();
    }

    private async Task StartAnswerAsync(string owner, ChatEntry? resume)
    {
        Stop();
        var variant = await ExperimentOverridesAsync(owner);
        // A variant's model applies only while the picker still offers it; otherwise the person's choice stands.
        var variantModel = variant.Model is { } m && streaming.Catalog.Choices.Any(c => c.Model == m) ? m : null;
        // A continuation goes to the model that wrote the beginning; Auto is decided per answer by the router.
        var requested = resume is null ? variantModel ?? SelectedModel : resume.Record?.Model ?? resume.Model;
        var choice = router.Enabled && IntelligentRouter.IsAuto(requested)
            ? new ModelChoice(IntelligentRouter.AutoModel, "router", SelectedIsSimulated)
            : streaming.Catalog.Resolve(requested is { Length: > 0 } ? requested : SelectedModel).Choice;
        var writer = resume is null
            ? await store.BeginAnswerAsync(owner, ConversationId!.Value, choice.Model, choice.Provider)
            : await store.ResumeAnswerAsync(owner, resume.MessageId!.Value);

        var turns = _entries
            .Where(e => e.Role == ChatRole.User || (e.Text.Length > 0 && e.Status != EntryStatus.Streaming) || e == resume)
            .Select(e => new ChatTurn(e.Role, e.Text))
            .ToList();
        if (resume is not null)
        {
            turns.Add(new ChatTurn(ChatRole.User, ContinuationPrompt.Text));
        }

        var answer = resume ?? new ChatEntry(ChatRole.Assistant, choice.Model, choice.IsSimulated) { MessageId = writer.MessageId };
        // Made here, before anything streams, so the page can tag the answer with it and report what the person waited.
        var requestId = Guid.NewGuid().ToString("N");
        answer.RequestId = requestId;
        answer.Variant = variant.Tag;
        answer.VariantLabel = variant.Label;
        _requestsAwaitingPerceived.Add(requestId);
        if (resume is null)
        {
            _entries.Add(answer);
        }
        else
        {
            answer.Resume();
        }

        var cancellation = new CancellationTokenSource();
        _current = cancellation;
        Changed?.Invoke();
        var context = ContextTrimmer.Trim(turns, options.Value.ContextBudgetTokens, variant.SystemPrompt ?? options.Value.SystemPrompt);
        var bypass = BypassCacheNext;
        BypassCacheNext = false; // per message: the next question may use the cache again
        var streamContext = new StreamContext(requestId, owner, ConversationId, Tier: variant.Tier, Variant: variant.Tag,
            WordsPerChunk: variant.WordsPerChunk, PacingMs: variant.PacingMs, Temperature: variant.Temperature,
            MaxOutputTokens: variant.MaxOutputTokens, BypassCache: bypass);
        _ = StreamAnswerAsync(context, streamContext, answer, writer, cancellation);
    }

    // Experiments must never stop someone getting an answer: if they cannot be read, the answer uses the app's settings.
    private async Task<ExperimentOverrides> ExperimentOverridesAsync(string owner)
    {
        try
        {
            return await experiments.ForUserAsync(owner);
        }
#pragma warning disable CA1031 // Any failure reading experiments falls back to no experiment.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            logger.LogWarning(ex, "Reading the running experiments failed; answering without them");
            return ExperimentOverrides.None;
        }
    }

    // Runs on the circuit's dispatcher (no ConfigureAwait(false)), so entries only change on the renderer's thread.
    private async Task StreamAnswerAsync(IReadOnlyList<ChatTurn> turns, StreamContext streamContext, ChatEntry answer,
        AnswerWriter writer, CancellationTokenSource cancellation)
    {
        try
        {
            await foreach (var update in router.StreamAsync(turns, answer.Record?.Model ?? answer.Model, streamContext, cancellation.Token))
            {
                if (update.Completed is { } record)
                {
                    LastRecord = record;
                    LastPerceivedTtftMs = answer.PerceivedTtftMs;
                    answer.Finish(record);
                    await writer.CompleteAsync(record, CancellationToken.None);
                }
                else
                {
                    answer.Append(update.Chunk.Text);
                    writer.Append(update.Chunk.Text);
                }
            }
        }
#pragma warning disable CA1031 // A failure here must end the answer on screen, whatever it is.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            logger.LogError(ex, "Streaming an answer failed unexpectedly");
            answer.Fail(ChatErrorKind.Unknown);
        }
        finally
        {
            await writer.DisposeAsync();
            if (_current == cancellation)
            {
                _current = null;
            }

            cancellation.Dispose();
            Changed?.Invoke();
            ConversationsChanged?.Invoke();
        }
    }

    public void Dispose()
    {
        Stop();
        _warmDebounce?.Cancel();
        _warmDebounce?.Dispose();
    }
}
