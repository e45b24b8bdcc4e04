namespace AdminChat.Core.Routing;

/// <summary>One tier left behind: which, for which, and why ("Timeout", "Empty", "CircuitOpen", "Budget").</summary>
public sealed record Escalation(ModelTier From, ModelTier To, string Why);

/// <summary>
/// The compact, language-neutral text a routing decision is recorded as ("Fast:ShortFactual,HowTo" and
/// "Nano>Fast:Timeout;Fast>Smart:Empty"), so the record and the database stay free of one language's wording and
/// the page can show it in the person's own.
/// </summary>
public static class RoutingNote
{
    public static string Format(ModelTier tier, IEnumerable<RoutingReason> reasons) =>
        tier + ":" + string.Join(',', reasons);

    public static (ModelTier Tier, IReadOnlyList<RoutingReason> Reasons)? Parse(string? note)
    {
        if (note?.Split(':', 2) is not [var tierText, var reasonText] || !Enum.TryParse<ModelTier>(tierText, out var tier))
        {
            return null;
        }

        var reasons = reasonText.Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(r => Enum.TryParse<RoutingReason>(r, out var reason) ? reason : (RoutingReason?)null)
            .OfType<RoutingReason>()
            .ToList();
        return (tier, reasons);
    }

    public static string? FormatEscalations(IReadOnlyList<Escalation> escalations) => escalations.Count == 0
        ? null
        : string.Join(';', escalations.Select(e => $"{e.From}>{e.To}:{e.Why}"));

    public static IReadOnlyList<Escalation> ParseEscalations(string? text) => string.IsNullOrEmpty(text)
        ? []
        : [.. text.Split(';').Select(part =>
        {
            var (path, why) = part.Split(':', 2) is [var p, var w] ? (p, w) : (part, string.Empty);
            return path.Split('>') is [var from, var to]
                && Enum.TryParse<ModelTier>(from, out var f) && Enum.TryParse<ModelTier>(to, out var t)
                ? new Escalation(f, t, why)
                : null;
        }).OfType<Escalation>()];
}
