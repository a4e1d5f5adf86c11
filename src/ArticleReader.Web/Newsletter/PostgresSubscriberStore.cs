using System.Runtime.CompilerServices;
using Npgsql;
using NpgsqlTypes;

namespace ArticleReader.Web.Newsletter;

/// <summary>
/// Subscriber store in a PostgreSQL table, for several instances of the site behind one load balancer.
/// </summary>
/// <remarks>
/// <para>
/// The table <c>newsletter_subscribers</c> and a unique index on the comparison key
/// (<see cref="EmailAddressValidator.Key(string)"/>) are created when missing, on first use and by
/// <see cref="EnsureCreatedAsync"/> at start (see <see cref="PostgresSchema"/> for why that is safe when several
/// instances start at once). They live in the first schema of the connection's <c>search_path</c>.
/// </para>
/// <para>
/// De-duplication is the database's: <c>INSERT ... ON CONFLICT DO NOTHING</c> on the unique index, so two
/// instances that receive the same address at the same moment store it once. <see cref="AddAsync"/> answers
/// <see cref="SubscribeOutcome.Added"/> only after the transaction has committed; any database failure becomes
/// a <see cref="SubscriberStoreUnavailableException"/>, whose message holds no address.
/// </para>
/// <para>
/// Times are stored as <c>timestamptz</c>, which keeps microseconds: the seventh fractional digit of the
/// CSV export is always 0 for this store.
/// </para>
/// </remarks>
public sealed class PostgresSubscriberStore : ISubscriberStore, IAsyncDisposable
{
    /// <summary>The table that holds the subscribers.</summary>
    public const string TableName = "newsletter_subscribers";

    internal const string CreateTableSql = """
        CREATE TABLE IF NOT EXISTS newsletter_subscribers (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            email text NOT NULL,
            email_key text NOT NULL,
            subscribed_at_utc timestamptz NOT NULL,
            source_path text NOT NULL
        );
        CREATE UNIQUE INDEX IF NOT EXISTS newsletter_subscribers_email_key ON newsletter_subscribers (email_key);
        """;

    private const string InsertSql = """
        INSERT INTO newsletter_subscribers (email, email_key, subscribed_at_utc, source_path)
        VALUES ($1, $2, $3, $4)
        ON CONFLICT (email_key) DO NOTHING
        """;

    private const string SelectSql = "SELECT email, subscribed_at_utc, source_path FROM newsletter_subscribers ORDER BY subscribed_at_utc, id";

    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _time;
    private readonly bool _ownsDataSource;
    private readonly Lock _gate = new();
    private Task? _creation;

    /// <summary>Creates the store over <paramref name="dataSource"/>, which the caller keeps and disposes.</summary>
    public PostgresSubscriberStore(NpgsqlDataSource dataSource, TimeProvider time)
        : this(dataSource, time, ownsDataSource: false)
    {
    }

    private PostgresSubscriberStore(NpgsqlDataSource dataSource, TimeProvider time, bool ownsDataSource)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(time);
        _dataSource = dataSource;
        _time = time;
        _ownsDataSource = ownsDataSource;
    }

    /// <summary>Creates the store with its own connection pool for <paramref name="connectionString"/>; disposing the store closes it.</summary>
    /// <exception cref="ArgumentException">The connection string is not valid.</exception>
    public static PostgresSubscriberStore Create(string connectionString, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return new PostgresSubscriberStore(NpgsqlDataSource.Create(connectionString), time, ownsDataSource: true);
    }

    /// <summary>
    /// Creates the table and its unique index when they are missing. Done once per store; after a failure the
    /// next call (or the next <see cref="AddAsync"/>) tries again, so a database that comes up later needs no restart.
    /// </summary>
    /// <exception cref="SubscriberStoreUnavailableException">The database could not be reached or refused the statements.</exception>
    public Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        Task creation;
        lock (_gate)
        {
            if (_creation is null || _creation.IsFaulted || _creation.IsCanceled)
            {
                // Not tied to one caller's token: concurrent first signups share this one attempt.
                _creation = CreateAsync();
            }

            creation = _creation;
        }

        return creation.WaitAsync(cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>
    /// <paramref name="normalizedEmail"/> must pass <see cref="EmailAddressValidator.Validate(string?)"/>; it is
    /// normalized again so the stored form is consistent. Cancellation is honoured only until the insert is sent:
    /// after that the call waits for the commit so the caller never gets an ambiguous answer.
    /// </remarks>
    public async Task<SubscribeOutcome> AddAsync(string normalizedEmail, string sourcePath, CancellationToken cancellationToken)
    {
        var email = EmailAddressValidator.NormalizeForStore(normalizedEmail, nameof(normalizedEmail));
        ArgumentNullException.ThrowIfNull(sourcePath);

        cancellationToken.ThrowIfCancellationRequested();
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);

        var now = _time.GetUtcNow().UtcDateTime;
        var subscribedAt = new DateTime(now.Ticks - (now.Ticks % 10), DateTimeKind.Utc);
        try
        {
            var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                var transaction = await connection.BeginTransactionAsync(CancellationToken.None).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    int inserted;
                    await using (var command = new NpgsqlCommand(InsertSql, connection, transaction))
                    {
                        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = email });
                        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = EmailAddressValidator.Key(email) });
                        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = subscribedAt, NpgsqlDbType = NpgsqlDbType.TimestampTz });
                        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = FileSubscriberStore.SanitizeSourcePath(sourcePath) });
                        inserted = await command.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
                    }

                    // Only a committed row is an answer: a crash before this line leaves nothing and says nothing.
                    await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
                    return inserted == 1 ? SubscribeOutcome.Added : SubscribeOutcome.AlreadySubscribed;
                }
            }
        }
        catch (Exception ex) when (IsDatabaseFailure(ex))
        {
            throw Unavailable("could not store the subscription, so nothing was saved", ex);
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// Streams the committed rows, oldest first. Reading creates nothing: before the first signup (no table yet)
    /// the sequence is empty, so an export works with a read-only database user.
    /// </remarks>
    public async IAsyncEnumerable<SubscriberRecord> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var (connection, reader) = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        if (connection is null || reader is null)
        {
            yield break;
        }

        await using (connection.ConfigureAwait(false))
        await using (reader.ConfigureAwait(false))
        {
            while (await ReadNextAsync(reader, cancellationToken).ConfigureAwait(false) is { } record)
            {
                yield return record;
            }
        }
    }

    /// <summary>Closes the connection pool when the store created it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_ownsDataSource)
        {
            await _dataSource.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>True for the failures that mean "the database could not do it" (unreachable, refused, timed out).</summary>
    internal static bool IsDatabaseFailure(Exception exception) =>
        exception is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException or IOException;

    /// <summary>The failure as a message safe to log: SQLSTATE and text, never a row's values.</summary>
    internal static string Describe(Exception exception) =>
        exception is PostgresException postgres ? $"{postgres.SqlState}: {postgres.MessageText}" : exception.Message;

    private static SubscriberStoreUnavailableException Unavailable(string what, Exception cause) =>
        new($"The subscriber database {what}: {Describe(cause)}", cause);

    private async Task CreateAsync()
    {
        try
        {
            await PostgresSchema.EnsureAsync(_dataSource, CreateTableSql, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsDatabaseFailure(ex))
        {
            throw Unavailable($"could not be reached or could not create the table {TableName}", ex);
        }
    }

    private async Task<(NpgsqlConnection? Connection, NpgsqlDataReader? Reader)> OpenReaderAsync(CancellationToken cancellationToken)
    {
        NpgsqlConnection? connection = null;
        try
        {
            connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (var exists = new NpgsqlCommand("SELECT to_regclass($1) IS NOT NULL", connection))
            {
                exists.Parameters.Add(new NpgsqlParameter<string> { TypedValue = TableName });
                if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
                {
                    await connection.DisposeAsync().ConfigureAwait(false);
                    return (null, null);
                }
            }

            // Not disposed here: the reader it returns is disposed by the caller, and with it the command's work.
            var select = new NpgsqlCommand(SelectSql, connection);
            return (connection, await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (Exception ex) when (IsDatabaseFailure(ex))
        {
            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }

            throw Unavailable("could not be read", ex);
        }
    }

    private static async Task<SubscriberRecord?> ReadNextAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        try
        {
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            var subscribedAt = DateTime.SpecifyKind(reader.GetDateTime(1), DateTimeKind.Utc);
            return new SubscriberRecord(reader.GetString(0), new DateTimeOffset(subscribedAt), reader.GetString(2));
        }
        catch (Exception ex) when (IsDatabaseFailure(ex))
        {
            throw Unavailable("could not be read", ex);
        }
    }
}
