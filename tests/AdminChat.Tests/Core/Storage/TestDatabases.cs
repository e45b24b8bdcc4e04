using AdminChat.Core.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AdminChat.Tests.Core.Storage;

/// <summary>
/// A database of its own for one test class, thrown away afterwards, so classes never see each other's rows.
/// Starts empty; <see cref="MigratedTestDatabase"/> subclasses bring it to the current schema first.
/// </summary>
public abstract class TestDatabase : IAsyncLifetime
{
    public abstract string ProviderName { get; }

    public abstract AdminChatDbContext CreateContext();

    public IDbContextFactory<AdminChatDbContext> Factory => new ContextFactory(this);

    /// <summary>A service provider holding only the context factory, as <see cref="DatabaseInitializer"/> expects.</summary>
    public ServiceProvider CreateServices() => new ServiceCollection().AddSingleton(Factory).BuildServiceProvider();

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

    private sealed class ContextFactory(TestDatabase database) : IDbContextFactory<AdminChatDbContext>
    {
        public AdminChatDbContext CreateDbContext() => database.CreateContext();
    }
}

public class SqliteTestDatabase : TestDatabase
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"adminchat-test-{Guid.NewGuid():N}.db");

    public override string ProviderName => "SQLite";

    public string ConnectionString => new SqliteConnectionStringBuilder { DataSource = _path, DefaultTimeout = 30 }.ToString();

    public override AdminChatDbContext CreateContext() =>
        new SqliteAdminChatDbContext(new DbContextOptionsBuilder<SqliteAdminChatDbContext>().UseSqlite(ConnectionString).Options);

    public override Task InitializeAsync() => Task.CompletedTask;

    public override Task DisposeAsync()
    {
        // Pooled connections keep the file open; release them so the file (and its -wal, -shm) can go.
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_path + suffix);
        }

        return Task.CompletedTask;
    }
}

public class PostgresTestDatabase : TestDatabase
{
    public const string Variable = "ADMINCHAT_TEST_POSTGRES";

    private readonly string _name = $"adminchat_test_{Guid.NewGuid():N}";
    private string? _serverConnectionString;
    private string? _connectionString;

    public override string ProviderName => "PostgreSQL";

    public string ConnectionString => _connectionString ?? throw new InvalidOperationException("The database is not created yet.");

    public override AdminChatDbContext CreateContext() =>
        new PostgresAdminChatDbContext(new DbContextOptionsBuilder<PostgresAdminChatDbContext>().UseNpgsql(ConnectionString).Options);

    public override async Task InitializeAsync()
    {
        // Failing (not skipping) keeps a missing server from passing unnoticed.
        _serverConnectionString = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(_serverConnectionString))
        {
            throw new InvalidOperationException(
                $"The PostgreSQL tests need a server: run `bash scripts/postgres-test-server.sh start` and export {Variable} "
                + "with the connection string it prints (bash scripts/test.sh does both).");
        }

        await using (var connection = new NpgsqlConnection(_serverConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{_name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        _connectionString = new NpgsqlConnectionStringBuilder(_serverConnectionString) { Database = _name }.ToString();
    }

    public override async Task DisposeAsync()
    {
        if (_connectionString is null || _serverConnectionString is null)
        {
            return;
        }

        await using (var pooled = new NpgsqlConnection(_connectionString))
        {
            NpgsqlConnection.ClearPool(pooled);
        }

        await using var connection = new NpgsqlConnection(_serverConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}

/// <summary>A SQLite test database already brought to the current schema by <see cref="DatabaseInitializer"/>.</summary>
public sealed class MigratedSqliteTestDatabase : SqliteTestDatabase
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await using var services = CreateServices();
        await services.InitializeDatabaseAsync();
    }
}

/// <summary>A PostgreSQL test database already brought to the current schema by <see cref="DatabaseInitializer"/>.</summary>
public sealed class MigratedPostgresTestDatabase : PostgresTestDatabase
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await using var services = CreateServices();
        await services.InitializeDatabaseAsync();
    }
}
