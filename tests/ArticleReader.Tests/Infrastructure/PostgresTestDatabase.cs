using Npgsql;

namespace ArticleReader.Tests.Infrastructure;

/// <summary>
/// A schema of its own in the test PostgreSQL server named by <c>ARTICLEREADER_TEST_PG</c> (./test.sh starts one
/// and sets it), so tests that use the database run in parallel without seeing each other's rows. Dropped on dispose.
/// </summary>
/// <remarks>
/// The site's tables go into the first schema of the connection's search path, so the connection string handed to
/// the site is the server's with <c>Search Path</c> set to this schema. Without the variable the test fails with a
/// message saying how to run it: a silently skipped database test would hide a store that was never tested.
/// </remarks>
public sealed class PostgresTestDatabase : IAsyncDisposable, IDisposable
{
    /// <summary>The environment variable with the server's connection string.</summary>
    public const string Variable = "ARTICLEREADER_TEST_PG";

    private readonly NpgsqlDataSource _admin;
    private bool _disposed;

    private PostgresTestDatabase(string server)
    {
        Schema = "t_" + Guid.NewGuid().ToString("N");
        var builder = new NpgsqlConnectionStringBuilder(server) { SearchPath = Schema };
        ConnectionString = builder.ConnectionString;
        _admin = NpgsqlDataSource.Create(ConnectionString);
    }

    /// <summary>The schema's name (lower-case, no quoting needed).</summary>
    public string Schema { get; }

    /// <summary>A connection string whose tables are this schema's.</summary>
    public string ConnectionString { get; }

    /// <summary>The server's connection string, or a failure that says how to provide one.</summary>
    public static string ServerConnectionString
    {
        get
        {
            var value = Environment.GetEnvironmentVariable(Variable);
            if (string.IsNullOrWhiteSpace(value))
            {
                throw new InvalidOperationException(
                    $"{Variable} is not set, so this PostgreSQL test cannot run. ./test.sh starts a PostgreSQL server and sets it; "
                    + $"to run the tests by hand, point it at a server of yours ({Variable}=\"Host=127.0.0.1;Port=5432;Username=postgres;Database=postgres\"), "
                    + "or leave these tests out with --filter \"Category!=Postgres\".");
            }

            return value;
        }
    }

    /// <summary>Creates a fresh, empty schema.</summary>
    public static PostgresTestDatabase Create()
    {
        var database = new PostgresTestDatabase(ServerConnectionString);
        try
        {
            database.Execute($"CREATE SCHEMA {database.Schema}");
        }
        catch
        {
            database._admin.Dispose();
            throw;
        }

        return database;
    }

    /// <summary>A connection string of this schema with other settings changed (e.g. the application name).</summary>
    public string ConnectionStringWith(Action<NpgsqlConnectionStringBuilder> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString);
        change(builder);
        return builder.ConnectionString;
    }

    /// <summary>A new pool for this schema, as another instance of the site would have.</summary>
    public NpgsqlDataSource NewDataSource() => NpgsqlDataSource.Create(ConnectionString);

    public int Execute(string sql)
    {
        using var command = _admin.CreateCommand(sql);
        return command.ExecuteNonQuery();
    }

    public T Scalar<T>(string sql)
    {
        using var command = _admin.CreateCommand(sql);
        return (T)command.ExecuteScalar()!;
    }

    public List<string> Column(string sql)
    {
        using var command = _admin.CreateCommand(sql);
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            // Bounded: a connection left behind by a killed process must not hold the test run.
            Execute($"SET lock_timeout = '10s'; DROP SCHEMA IF EXISTS {Schema} CASCADE");
        }
        catch (NpgsqlException)
        {
            // The server is discarded at the end of ./test.sh; a schema left behind harms no other test.
        }
        finally
        {
            _admin.Dispose();
        }
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
