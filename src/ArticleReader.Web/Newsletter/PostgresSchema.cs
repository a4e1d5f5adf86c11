using Npgsql;

namespace ArticleReader.Web.Newsletter;

/// <summary>
/// Creates the site's PostgreSQL tables when they are missing, safely when several instances start at once.
/// </summary>
/// <remarks>
/// <c>CREATE TABLE IF NOT EXISTS</c> alone is not safe under concurrency: two sessions that both find the table
/// missing both try to create it, and one fails on the catalog's unique index. Each script therefore runs in one
/// transaction holding a transaction-scoped advisory lock, so instances take turns and the later ones find the
/// tables there. Tables are created in the first schema of the connection's <c>search_path</c>
/// (<c>Search Path=...</c> in the connection string), so several sites or test runs can share one database.
/// </remarks>
public static class PostgresSchema
{
    // Any constant works as long as every ArticleReader instance uses the same one ("ARSCHEMA" in ASCII).
    private const long AdvisoryLockKey = 0x4152_5343_4845_4D41;

    /// <summary>Runs <paramref name="ddl"/> (idempotent statements) under the schema lock and commits.</summary>
    /// <exception cref="NpgsqlException">The database could not be reached or refused the statements.</exception>
    public static async Task EnsureAsync(NpgsqlDataSource dataSource, string ddl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentException.ThrowIfNullOrWhiteSpace(ddl);
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                await using (var command = LockCommand(connection, transaction))
                {
                    await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await using (var command = new NpgsqlCommand(ddl, connection, transaction))
                {
                    await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Synchronous form of <see cref="EnsureAsync"/>, for callers that cannot be asynchronous.</summary>
    public static void Ensure(NpgsqlDataSource dataSource, string ddl)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentException.ThrowIfNullOrWhiteSpace(ddl);
        using var connection = dataSource.OpenConnection();
        using var transaction = connection.BeginTransaction();
        using (var command = LockCommand(connection, transaction))
        {
            command.ExecuteNonQuery();
        }

        using (var command = new NpgsqlCommand(ddl, connection, transaction))
        {
            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    private static NpgsqlCommand LockCommand(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1)", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = AdvisoryLockKey });
        return command;
    }
}
