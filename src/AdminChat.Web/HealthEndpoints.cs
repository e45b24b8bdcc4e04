using AdminChat.Core.Modes;
using AdminChat.Core.Resilience;
using AdminChat.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace AdminChat.Web;

/// <summary>
/// Probes for load balancers and orchestrators. Both are anonymous and reveal no secrets: only provider names,
/// states and the mode. Live says the process answers; ready says it can serve an answer now.
/// </summary>
public static class HealthEndpoints
{
    public static WebApplication MapHealthEndpoints(this WebApplication app)
    {
        app.MapGet("/health/live", () => Results.Text("ok")).AllowAnonymous();
        app.MapGet("/health/ready", ReadyAsync).AllowAnonymous();
        return app;
    }

    private static async Task<IResult> ReadyAsync(IDbContextFactory<AdminChatDbContext> databases,
        ResilientChatClient client, OperatingMode mode, CancellationToken cancellationToken)
    {
        bool database;
        try
        {
            await using var db = await databases.CreateDbContextAsync(cancellationToken);
            database = await db.Database.CanConnectAsync(cancellationToken);
        }
#pragma warning disable CA1031 // Any failure to reach the database means: not ready.
        catch (Exception)
#pragma warning restore CA1031
        {
            database = false;
        }

        var providers = client.Health();
        var usable = providers.Any(p => p.Status != ProviderStatus.Open);
        var ready = database && usable;
        var body = new
        {
            status = ready ? "ready" : "not ready",
            mode = mode.Mode.ToString(),
            database = database ? "reachable" : "unreachable",
            providers = providers.Select(p => new
            {
                name = p.Name,
                status = p.Status.ToString().ToLowerInvariant(),
                circuit = p.Circuit.ToString(),
                simulated = p.Simulated,
            }),
        };
        return Results.Json(body, statusCode: ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }
}
