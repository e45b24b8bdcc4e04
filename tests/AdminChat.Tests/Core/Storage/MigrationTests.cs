using AdminChat.Core.Providers;
using AdminChat.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace AdminChat.Tests.Core.Storage;

/// <summary>
/// The committed migrations build the schema the model describes, on each provider. Every test class here gets an
/// empty database of its own.
/// </summary>
public abstract class MigrationTests<TDatabase>(TDatabase database) : IClassFixture<TDatabase>
    where TDatabase : TestDatabase
{
    [Fact]
    public async Task Migrate_EmptyDatabase_AppliesInitialMigrationAndSchemaWorks()
    {
        await using (var db = database.CreateContext())
        {
            var pending = (await db.Database.GetPendingMigrationsAsync()).ToList();
            Assert.Contains(pending, m => m.EndsWith("_InitialCreate", StringComparison.Ordinal));

            await db.Database.MigrateAsync();

            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.Contains(await db.Database.GetAppliedMigrationsAsync(), m => m.EndsWith("_InitialCreate", StringComparison.Ordinal));
        }

        // A real write and read through the migrated schema (for SQLite, this also proves the native library loads).
        var created = new DateTime(2025, 3, 4, 5, 6, 7, DateTimeKind.Utc);
        var user = new AdminUser { UserName = "migrate@example.com", CreatedAt = created };
        var conversation = new Conversation { Id = Guid.NewGuid(), OwnerId = user.Id, Title = "سؤال", CreatedAt = created, UpdatedAt = created };
        conversation.Messages.Add(new StoredMessage
        {
            Id = Guid.NewGuid(), Role = ChatRole.Assistant, Text = "answer", CreatedAt = created, CompletedAt = created,
            Outcome = MessageOutcome.Partial, ErrorKind = ChatErrorKind.Timeout,
        });
        await using (var db = database.CreateContext())
        {
            db.Users.Add(user);
            db.Conversations.Add(conversation);
            await db.SaveChangesAsync();
        }

        await using (var db = database.CreateContext())
        {
            var read = await db.Conversations.Include(c => c.Messages).SingleAsync(c => c.Id == conversation.Id);
            Assert.Equal("سؤال", read.Title);
            Assert.Equal(created, read.UpdatedAt);
            Assert.Equal(DateTimeKind.Utc, read.UpdatedAt.Kind);
            var message = Assert.Single(read.Messages);
            Assert.Equal(MessageOutcome.Partial, message.Outcome);
            Assert.Equal(ChatErrorKind.Timeout, message.ErrorKind);
            Assert.Equal(DateTimeKind.Utc, message.CompletedAt!.Value.Kind);
            Assert.Equal(DateTimeKind.Utc, (await db.Users.SingleAsync(u => u.Id == user.Id)).CreatedAt.Kind);
        }
    }

    [Fact]
    public async Task HasPendingModelChanges_CommittedMigrations_False()
    {
        await using var db = database.CreateContext();

        Assert.False(db.Database.HasPendingModelChanges(),
            $"The {database.ProviderName} model differs from its migrations' snapshot: add a migration (README, \"Database migrations\").");
    }
}

public sealed class SqliteMigrationTests(SqliteTestDatabase database) : MigrationTests<SqliteTestDatabase>(database);

public sealed class PostgresMigrationTests(PostgresTestDatabase database) : MigrationTests<PostgresTestDatabase>(database);
