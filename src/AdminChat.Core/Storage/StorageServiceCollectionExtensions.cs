using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AdminChat.Core.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// The database: SQLite under the data folder by default, PostgreSQL by configuration. Components ask for
    /// <see cref="AdminChatDbContext"/> (scoped) or <see cref="IDbContextFactory{AdminChatDbContext}"/> (for work
    /// that outlives a request, such as saving an answer while it streams).
    /// </summary>
    public static IServiceCollection AddStorage(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>()
            .BindConfiguration(StorageOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddDbContextFactory<SqliteAdminChatDbContext>((sp, options) =>
            options.UseSqlite(SqliteConnectionString(sp)), ServiceLifetime.Singleton);
        services.AddDbContextFactory<PostgresAdminChatDbContext>((sp, options) =>
            options.UseNpgsql(sp.GetRequiredService<IOptions<StorageOptions>>().Value.ConnectionString), ServiceLifetime.Singleton);

        services.AddSingleton<IDbContextFactory<AdminChatDbContext>>(sp =>
            sp.GetRequiredService<IOptions<StorageOptions>>().Value.Provider == StorageProvider.Postgres
                ? new UpcastFactory<PostgresAdminChatDbContext>(sp.GetRequiredService<IDbContextFactory<PostgresAdminChatDbContext>>())
                : new UpcastFactory<SqliteAdminChatDbContext>(sp.GetRequiredService<IDbContextFactory<SqliteAdminChatDbContext>>()));
        services.AddScoped<AdminChatDbContext>(sp => sp.GetRequiredService<IDbContextFactory<AdminChatDbContext>>().CreateDbContext());

        // Sign-in cookies must survive a restart: keep the keys that protect them beside the database.
        services.AddDataProtection().SetApplicationName("AdminChat");
        services.AddOptions<KeyManagementOptions>().Configure<IOptions<StorageOptions>, IHostEnvironment, ILoggerFactory>(
            (keys, storage, environment, loggers) => keys.XmlRepository = new FileSystemXmlRepository(
                new DirectoryInfo(Path.Combine(DataDirectory(storage.Value, environment), "keys")), loggers));
        services.TryAddSingleton(TimeProvider.System);
        services.AddScoped<IConversationStore>(sp => new ConversationStore(
            sp.GetRequiredService<IDbContextFactory<AdminChatDbContext>>(), sp.GetRequiredService<TimeProvider>()));
        return services;
    }

    /// <summary>The absolute data folder, created if missing.</summary>
    public static string DataDirectory(StorageOptions options, IHostEnvironment environment)
    {
        var directory = Path.GetFullPath(Path.Combine(environment.ContentRootPath, options.DataDirectory));
        Directory.CreateDirectory(directory);
        return directory;
    }

    private static string SqliteConnectionString(IServiceProvider services)
    {
        var directory = DataDirectory(services.GetRequiredService<IOptions<StorageOptions>>().Value,
            services.GetRequiredService<IHostEnvironment>());
        return new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(directory, "adminchat.db"),
            DefaultTimeout = 30,
        }.ToString();
    }

    private sealed class UpcastFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<AdminChatDbContext>
        where TContext : AdminChatDbContext
    {
        public AdminChatDbContext CreateDbContext() => inner.CreateDbContext();
    }
}
