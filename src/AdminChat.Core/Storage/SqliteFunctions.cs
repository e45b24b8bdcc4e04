using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AdminChat.Core.Storage;

/// <summary>
/// SQL functions that SQLite lacks, registered on every connection a <see cref="SqliteAdminChatDbContext"/> opens.
/// </summary>
public static class SqliteFunctions
{
    internal const string FoldName = "adminchat_fold";

    internal static readonly DbConnectionInterceptor Registrar = new FunctionRegistrar();

    /// <summary>
    /// Lower-cases with .NET's invariant culture. SQLite's own lower() and LIKE only know ASCII, so "É" and "é" would
    /// not match; folding both sides with this makes search case-insensitive for all Latin (and Greek, Cyrillic) text.
    /// Only for use in queries.
    /// </summary>
    public static string Fold(string text) =>
        throw new InvalidOperationException($"{nameof(Fold)} runs inside SQLite queries only.");

    private sealed class FunctionRegistrar : DbConnectionInterceptor
    {
        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Register(connection);

        public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Register(connection);
            return Task.CompletedTask;
        }

        private static void Register(DbConnection connection)
        {
            if (connection is SqliteConnection sqlite)
            {
                sqlite.CreateFunction(FoldName, (string? text) => text?.ToLowerInvariant(), isDeterministic: true);
            }
        }
    }
}
