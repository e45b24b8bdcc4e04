using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AdminChat.Core.Storage;

public static class DatabaseInitializer
{
    /// <summary>
    /// Brings the database to the current schema before the app serves anyone: applies migrations, turns on
    /// SQLite's WAL mode (readers never wait for the streaming writer), and marks answers that were still
    /// streaming when the server last stopped as interrupted, so they can be continued.
    /// </summary>
    public static async Task InitializeDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var factory = services.GetRequiredService<IDbContextFactory<AdminChatDbContext>>();
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        await db.Messages
            .Where(m => m.Outcome == MessageOutcome.Streaming)
            .ExecuteUpdateAsync(m => m.SetProperty(x => x.Outcome, MessageOutcome.Interrupted), cancellationToken);
    }
}
