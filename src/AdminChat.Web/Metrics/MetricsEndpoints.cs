using System.Globalization;
using System.Text;
using AdminChat.Core.Metrics;
using AdminChat.Web.Accounts;

namespace AdminChat.Web.Metrics;

public static class MetricsEndpoints
{
    private static readonly string[] Header =
    [
        "started_at_utc", "request_id", "user_id", "conversation_id", "provider", "model", "tier", "variant", "ttft_ms",
        "perceived_ttft_ms", "total_ms", "input_tokens", "output_tokens", "tokens_per_second", "chunks", "outcome",
        "error_kind", "cost_usd", "simulated",
    ];

    /// <summary>
    /// GET /admin/metrics/export.csv?window=15m|1h|24h|7d: the window's requests, oldest first, for administrators only
    /// (anyone else gets 401/403, not the sign-in page). Streamed, so a week of requests never sits in memory.
    /// </summary>
    public static WebApplication MapMetricsEndpoints(this WebApplication app)
    {
        app.MapGet("/admin/metrics/export.csv", async (string? window, MetricsService metrics, TimeProvider clock, HttpContext context) =>
        {
            if (!MetricsWindows.TryParse(window ?? "1h", out var chosen))
            {
                return Results.Text($"Unknown window '{window}': use 15m, 1h, 24h or 7d.", statusCode: StatusCodes.Status400BadRequest);
            }

            var stamp = clock.GetUtcNow().ToString("yyyyMMdd-HHmm", CultureInfo.InvariantCulture);
            context.Response.ContentType = "text/csv; charset=utf-8";
            context.Response.Headers.ContentDisposition = $"attachment; filename=\"adminchat-metrics-{chosen.Code()}-{stamp}.csv\"";
            await using var writer = new StreamWriter(context.Response.Body, new UTF8Encoding(false));
            await writer.WriteLineAsync(string.Join(',', Header));
            await foreach (var row in metrics.ExportAsync(chosen, context.RequestAborted))
            {
                await writer.WriteLineAsync(Line(row));
            }

            return Results.Empty;
        }).RequireAuthorization(AccountRoles.AdminPolicy);
        return app;
    }

    internal static string Line(RequestMetric m) => string.Join(',', new[]
    {
        m.StartedAt.ToString("O", CultureInfo.InvariantCulture), m.RequestId, m.UserId, m.ConversationId?.ToString(), m.Provider,
        m.Model, m.Tier, m.Variant, Number(m.TtftMs), Number(m.PerceivedTtftMs), Number(m.TotalMs), m.InputTokens?.ToString(CultureInfo.InvariantCulture),
        m.OutputTokens?.ToString(CultureInfo.InvariantCulture), Number(m.TokensPerSecond), m.Chunks.ToString(CultureInfo.InvariantCulture),
        m.Outcome.ToString(), m.ErrorKind?.ToString(), m.Cost?.ToString(CultureInfo.InvariantCulture), m.Simulated ? "true" : "false",
    }.Select(Cell));

    /// <summary>
    /// RFC 4180 quoting, and CSV-injection safety: a cell a spreadsheet would read as a formula (starting with = + - @,
    /// or a tab or carriage return) gets a leading apostrophe, so model names and ids from outside stay plain text.
    /// </summary>
    internal static string Cell(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
    }

    private static string? Number(double? value) => value?.ToString("0.###", CultureInfo.InvariantCulture);
}
