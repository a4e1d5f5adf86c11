using System.Security.Cryptography;
using System.Text;
using Npgsql;
using NpgsqlTypes;

namespace ArticleReader.Web.Newsletter;

/// <summary>
/// Counts signup attempts per client and per one-minute window in PostgreSQL, so that every instance of the site
/// counts against one limit.
/// </summary>
/// <remarks>
/// <para>
/// One row per client and window in <c>newsletter_rate_limit</c>; an attempt is one
/// <c>INSERT ... ON CONFLICT DO UPDATE SET hits = hits + 1 RETURNING hits</c>, atomic under concurrency because
/// the conflicting row is locked while it is updated. Windows start on the minute of the callers' clocks
/// (instances' clocks are assumed to agree within seconds, as NTP keeps them).
/// </para>
/// <para>
/// The client address is personal data: only a SHA-256 prefix of it is stored, and rows of past windows are
/// deleted once a minute by each instance, so nothing outlives two minutes.
/// </para>
/// </remarks>
public sealed class PostgresRateLimitCounter(NpgsqlDataSource dataSource)
{
    /// <summary>The table that holds the counts.</summary>
    public const string TableName = "newsletter_rate_limit";

    /// <summary>Length of one counting window.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private const string CreateTableSql = """
        CREATE TABLE IF NOT EXISTS newsletter_rate_limit (
            client_hash text NOT NULL,
            window_start timestamptz NOT NULL,
            hits integer NOT NULL,
            PRIMARY KEY (client_hash, window_start)
        );
        """;

    private const string IncrementSql = """
        INSERT INTO newsletter_rate_limit AS r (client_hash, window_start, hits) VALUES ($1, $2, 1)
        ON CONFLICT (client_hash, window_start) DO UPDATE SET hits = r.hits + 1
        RETURNING r.hits
        """;

    private const string PurgeSql = "DELETE FROM newsletter_rate_limit WHERE window_start < $1";

    private readonly NpgsqlDataSource _dataSource = dataSource ?? throw new ArgumentNullException(nameof(dataSource));
    private readonly Lock _gate = new();
    private Task? _creation;
    private long _purgedBeforeTicks;

    /// <summary>The start of the window that <paramref name="now"/> falls in.</summary>
    public static DateTimeOffset WindowStart(DateTimeOffset now)
    {
        var ticks = now.UtcTicks;
        return new DateTimeOffset(ticks - (ticks % Window.Ticks), TimeSpan.Zero);
    }

    /// <summary>Counts one attempt by <paramref name="client"/> at <paramref name="now"/> and returns the attempts in its window so far, this one included.</summary>
    /// <exception cref="SubscriberStoreUnavailableException">The database could not be reached; nothing was counted.</exception>
    public async Task<int> IncrementAsync(string client, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var window = WindowStart(now);
        try
        {
            await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
            await PurgeOldWindowsAsync(window, cancellationToken).ConfigureAwait(false);
            await using var command = _dataSource.CreateCommand(IncrementSql);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Hash(client) });
            command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = window.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            return (int)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }
        catch (Exception ex) when (PostgresSubscriberStore.IsDatabaseFailure(ex))
        {
            throw new SubscriberStoreUnavailableException($"The rate-limit counter could not be updated: {PostgresSubscriberStore.Describe(ex)}", ex);
        }
    }

    private static string Hash(string client) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(client)))[..32];

    private Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        Task creation;
        lock (_gate)
        {
            if (_creation is null || _creation.IsFaulted || _creation.IsCanceled)
            {
                _creation = PostgresSchema.EnsureAsync(_dataSource, CreateTableSql, CancellationToken.None);
            }

            creation = _creation;
        }

        return creation.WaitAsync(cancellationToken);
    }

    // Once per window per instance: the previous window may still be counted by a slightly slower clock.
    private async Task PurgeOldWindowsAsync(DateTimeOffset window, CancellationToken cancellationToken)
    {
        var before = window - Window;
        var previous = Interlocked.Read(ref _purgedBeforeTicks);
        if (before.UtcTicks <= previous || Interlocked.CompareExchange(ref _purgedBeforeTicks, before.UtcTicks, previous) != previous)
        {
            return;
        }

        await using var command = _dataSource.CreateCommand(PurgeSql);
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = before.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
