using System.Globalization;
using System.Xml.Linq;
using ArticleReader.Web.Newsletter;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Npgsql;

namespace ArticleReader.Web.Infrastructure;

/// <summary>
/// The Data Protection key ring in a PostgreSQL table (<c>data_protection_keys</c>), so that every instance
/// reads the same keys: a form (antiforgery token, time stamp) served by one instance is accepted by another.
/// </summary>
/// <remarks>
/// <para>
/// Data Protection creates a key, immediately active, when it finds none. Instances that start together on an
/// empty table would each create one and each cache only its own, so that, after the two minutes in which an
/// unknown key makes it re-read the table, a form from one instance could be refused by the other until the
/// daily refresh. Creating the first key is therefore serialized: a read that finds no unexpired key takes a
/// PostgreSQL advisory lock and holds it until this instance has stored its new key (or for
/// <see cref="CreationLockLimit"/> at most); the other instances wait on the lock, read again, and use that key.
/// Later keys are created days before they become active, so every instance has read them in time.
/// </para>
/// <para>
/// The keys are stored unencrypted, as in a keys folder: grant access to the table as to the keys themselves.
/// </para>
/// </remarks>
public sealed class PostgresXmlRepository : IXmlRepository, IDisposable
{
    /// <summary>The table that holds the key ring.</summary>
    public const string TableName = "data_protection_keys";

    /// <summary>How long a read that found no key holds the creation lock while this instance creates one.</summary>
    public static readonly TimeSpan CreationLockLimit = TimeSpan.FromSeconds(30);

    private const string CreateTableSql = """
        CREATE TABLE IF NOT EXISTS data_protection_keys (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            friendly_name text NOT NULL,
            xml text NOT NULL,
            created_at_utc timestamptz NOT NULL DEFAULT now()
        );
        """;

    // Distinct from PostgresSchema's lock ("ARKEYRNG" in ASCII).
    private const long CreationLockKey = 0x4152_4B45_5952_4E47;

    private readonly Lazy<NpgsqlDataSource> _dataSource;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private bool _created;
    private NpgsqlConnection? _creationLock;
    private ITimer? _creationLockTimer;

    /// <summary>Keys in the database of <paramref name="dataSource"/>.</summary>
    public PostgresXmlRepository(NpgsqlDataSource dataSource, TimeProvider time)
        : this(() => dataSource, time)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
    }

    /// <summary>
    /// Keys in the database of the data source <paramref name="dataSource"/> returns when first needed: Data Protection
    /// builds its repository before options are validated, and a bad connection string must fail there, with its message.
    /// </summary>
    public PostgresXmlRepository(Func<NpgsqlDataSource> dataSource, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(time);
        _dataSource = new Lazy<NpgsqlDataSource>(dataSource);
        _time = time;
    }

    /// <inheritdoc />
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        EnsureCreated();
        using (var connection = _dataSource.Value.OpenConnection())
        {
            var elements = ReadAll(connection);
            if (HasUnexpiredKey(elements))
            {
                return elements;
            }
        }

        lock (_gate)
        {
            if (_creationLock is not null)
            {
                // This instance already holds the lock and is about to create the key.
                using var connection = _dataSource.Value.OpenConnection();
                return ReadAll(connection);
            }

            var locked = _dataSource.Value.OpenConnection();
            try
            {
                Execute(locked, "SELECT pg_advisory_lock($1)");
                var elements = ReadAll(locked);
                if (HasUnexpiredKey(elements))
                {
                    // Another instance created the key while this one waited.
                    Execute(locked, "SELECT pg_advisory_unlock($1)");
                    locked.Dispose();
                    return elements;
                }

                _creationLock = locked;
                // Real time even under a test clock: this bounds a wait of other processes.
                _creationLockTimer = TimeProvider.System.CreateTimer(_ => ReleaseCreationLock(), null, CreationLockLimit, Timeout.InfiniteTimeSpan);
                return elements;
            }
            catch
            {
                // Closing the session (a broken one, or on this error) releases a lock it holds.
                locked.Dispose();
                NpgsqlConnection.ClearPool(locked);
                throw;
            }
        }
    }

    /// <inheritdoc />
    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        EnsureCreated();
        try
        {
            using var command = _dataSource.Value.CreateCommand("INSERT INTO data_protection_keys (friendly_name, xml) VALUES ($1, $2)");
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = friendlyName ?? string.Empty });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = element.ToString(SaveOptions.DisableFormatting) });
            command.ExecuteNonQuery();
        }
        finally
        {
            ReleaseCreationLock();
        }
    }

    /// <summary>Releases the creation lock if this instance still holds it.</summary>
    public void Dispose() => ReleaseCreationLock();

    private void EnsureCreated()
    {
        if (Volatile.Read(ref _created))
        {
            return;
        }

        PostgresSchema.Ensure(_dataSource.Value, CreateTableSql);
        Volatile.Write(ref _created, true);
    }

    private void ReleaseCreationLock()
    {
        lock (_gate)
        {
            _creationLockTimer?.Dispose();
            _creationLockTimer = null;
            var connection = _creationLock;
            _creationLock = null;
            if (connection is null)
            {
                return;
            }

            try
            {
                // Explicitly: a pooled connection keeps its session, and with it the lock, when closed.
                Execute(connection, "SELECT pg_advisory_unlock($1)");
                connection.Dispose();
            }
            catch (Exception ex) when (PostgresSubscriberStore.IsDatabaseFailure(ex))
            {
                // The session is gone or unusable; make sure it is not pooled, which ends it and its lock.
                connection.Dispose();
                NpgsqlConnection.ClearPool(connection);
            }
        }
    }

    private static List<XElement> ReadAll(NpgsqlConnection connection)
    {
        using var command = new NpgsqlCommand("SELECT xml FROM data_protection_keys ORDER BY id", connection);
        using var reader = command.ExecuteReader();
        var elements = new List<XElement>();
        while (reader.Read())
        {
            elements.Add(XElement.Parse(reader.GetString(0)));
        }

        return elements;
    }

    // <key id=".." version="1"><creationDate/><activationDate/><expirationDate>2027-02-24T10:00:00Z</expirationDate>...</key>
    private bool HasUnexpiredKey(List<XElement> elements)
    {
        var now = _time.GetUtcNow();
        return elements.Any(e => e.Name.LocalName == "key"
            && DateTimeOffset.TryParse((string?)e.Element("expirationDate"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var expires)
            && expires > now);
    }

    private static void Execute(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = CreationLockKey });
        command.ExecuteNonQuery();
    }
}
