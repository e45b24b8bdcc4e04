using System.Runtime.CompilerServices;
using AdminChat.Core.Modes;
using AdminChat.Core.Providers;
using AdminChat.Core.Resilience;
using AdminChat.Core.Streaming;
using Microsoft.Extensions.Options;

namespace AdminChat.Core.Routing;

/// <summary>
/// Sits in front of the streaming service. "Auto" asks the <see cref="QueryClassifier"/> for a tier; a model picked
/// by hand is asked as it is. Either way, when the model belongs to a tier, the budget holds the request's
/// maximum cost before the call and settles it after; when the tier does not fit, a cheaper one that fits is
/// used (Auto only); when none fits, the answer is refused with <see cref="ChatErrorKind.BudgetExceeded"/> and the
/// time the budget resets. Under Auto, a tier that fails before any text (error, timeout, open circuit) or
/// answers nothing is left for the next tier up; the record says which tiers were left and why.
/// </summary>
public sealed class IntelligentRouter(
    AdminChatStreamingService streaming,
    TierCatalog tiers,
    BudgetLedger budget,
    OperatingMode mode,
    IOptions<ResilienceOptions> resilience,
    IEnumerable<IStreamRecordSink> sinks,
    TimeProvider time)
{
    /// <summary>The picker's value for routing by the classifier.</summary>
    public const string AutoModel = "auto";

    public bool Enabled => mode.IntelligentRouting;

    public TierCatalog Tiers => tiers;

    public ChatModelCatalog Catalog => streaming.Catalog;

    public static bool IsAuto(string? model) => string.Equals(model, AutoModel, StringComparison.OrdinalIgnoreCase);

    public IAsyncEnumerable<StreamUpdate> StreamAsync(IReadOnlyList<ChatTurn> turns, string? model, StreamContext context,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(turns);
        ArgumentNullException.ThrowIfNull(context);
        if (IsAuto(model) && Enabled)
        {
            var question = turns.LastOrDefault(t => t.Role == ChatRole.User)?.Text ?? string.Empty;
            var classification = QueryClassifier.Classify(question, turns);
            return RouteAsync(turns, classification.Tier, RoutingNote.Format(classification.Tier, classification.Reasons),
                escalate: true, context, cancellationToken);
        }

        // Auto with routing off means the default model; a hand-picked model is budgeted when it belongs to a tier.
        var picked = IsAuto(model) ? streaming.Catalog.Default.Model : model;
        return tiers.FindByModel(picked) is { } tier
            ? RouteAsync(turns, tier.Tier, reason: null, escalate: false, context, cancellationToken)
            : streaming.StreamAsync(turns, picked, context, cancellationToken);
    }

    private async IAsyncEnumerable<StreamUpdate> RouteAsync(IReadOnlyList<ChatTurn> turns, ModelTier chosen, string? reason,
        bool escalate, StreamContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var escalations = new List<Escalation>();
        var tier = chosen;
        while (true)
        {
            var (fitting, reservation) = Reserve(tier, turns, allowCheaper: escalate);
            if (reservation is null)
            {
                yield return new StreamUpdate(default, Refuse(tier, reason, escalations, context));
                yield break;
            }

            if (fitting != tier)
            {
                escalations.Add(new Escalation(tier, fitting, "Budget"));
                tier = fitting;
            }

            var tierModel = tiers[tier];
            var attempt = context with
            {
                Tier = tier.ToString(),
                RoutingReason = reason,
                Escalations = RoutingNote.FormatEscalations(escalations),
                // An experiment may ask for shorter answers; the tier's limit still caps it (the reservation assumes it).
                MaxOutputTokens = Math.Min(context.MaxOutputTokens ?? int.MaxValue, MaxOutputTokens(tierModel)),
            };
            StreamRecord? record = null;
            var sentText = false;
            try
            {
                await foreach (var update in streaming.StreamAsync(turns, tierModel.Model, attempt, cancellationToken)
                    .ConfigureAwait(false))
                {
                    if (update.Completed is { } completed)
                    {
                        record = completed;
                        break;
                    }

                    sentText = true;
                    yield return update;
                }
            }
            finally
            {
                budget.Settle(reservation, record?.Cost ?? (record is null ? reservation.Amount : 0m));
            }

            if (record is null)
            {
                yield break;
            }

            var why = WhyLeave(record, sentText);
            if (escalate && why is not null && tier < ModelTier.Genius && !cancellationToken.IsCancellationRequested)
            {
                escalations.Add(new Escalation(tier, tier + 1, why));
                tier++;
                continue;
            }

            yield return new StreamUpdate(default, record);
            yield break;
        }
    }

    /// <summary>Why a tier's attempt should be left for the next one up; null when its answer stands.</summary>
    private static string? WhyLeave(StreamRecord record, bool sentText)
    {
        if (sentText)
        {
            // Text the person has seen is never taken back: a partial answer stays, with Continue.
            return null;
        }

        return record.Outcome switch
        {
            StreamOutcome.Error when record.ErrorKind is ChatErrorKind.ProviderError && record.RetryAfter is not null => "CircuitOpen",
            StreamOutcome.Error when record.ErrorKind is ChatErrorKind.BadRequest or ChatErrorKind.ContentFiltered => null,
            StreamOutcome.Error => (record.ErrorKind ?? ChatErrorKind.Unknown).ToString(),
            StreamOutcome.Complete when record.Characters == 0 => "Empty",
            _ => null,
        };
    }

    private (ModelTier Tier, BudgetReservation? Reservation) Reserve(ModelTier tier, IReadOnlyList<ChatTurn> turns, bool allowCheaper)
    {
        for (var candidate = tier; candidate >= ModelTier.Nano; candidate--)
        {
            var tierModel = tiers[candidate];
            if (budget.TryReserve(CostCalculator.MaxCost(tierModel.Options, turns, MaxOutputTokens(tierModel))) is { } held)
            {
                return (candidate, held);
            }

            if (!allowCheaper)
            {
                break;
            }
        }

        return (tier, null);
    }

    private int MaxOutputTokens(TierModel tier) =>
        Math.Min(tier.Options.MaxOutputTokens, resilience.Value.MaxResponseTokens ?? int.MaxValue);

    private StreamRecord Refuse(ModelTier tier, string? reason, List<Escalation> escalations, StreamContext context)
    {
        var now = time.GetUtcNow();
        var tierModel = tiers[tier];
        var record = new StreamRecord
        {
            RequestId = context.RequestId,
            UserId = context.UserId,
            ConversationId = context.ConversationId,
            Tier = tier.ToString(),
            Variant = context.Variant,
            Provider = tierModel.Provider,
            Model = tierModel.Model,
            Simulated = tierModel.Simulated,
            StartedAt = now,
            Total = TimeSpan.Zero,
            Outcome = StreamOutcome.Error,
            ErrorKind = ChatErrorKind.BudgetExceeded,
            // The page turns this into "resets at HH:mm UTC".
            RetryAfter = budget.Snapshot().ResetsAt - now,
            Cost = 0m,
            GeniusCost = 0m,
            RoutingReason = reason,
            Escalations = RoutingNote.FormatEscalations(escalations),
        };
        foreach (var sink in sinks)
        {
            sink.Record(record);
        }

        return record;
    }
}
