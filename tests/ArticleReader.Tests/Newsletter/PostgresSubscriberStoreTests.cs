using ArticleReader.Tests.Infrastructure;
using ArticleReader.Web.Newsletter;
using Npgsql;

namespace ArticleReader.Tests.Newsletter;

/// <summary>The PostgreSQL store against a real server (each test in its own schema); the file store's tests that are not about files.</summary>
[Trait("Category", "Postgres")]
public sealed class PostgresSubscriberStoreTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 6, 30, 12, TimeSpan.Zero);

    private readonly ManualTimeProvider _time = new(Start);
    private readonly List<IAsyncDisposable> _owned = [];
    private PostgresTestDatabase _database = null!;

    public Task InitializeAsync()
    {
        _database = PostgresTestDatabase.Create();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var owned in _owned)
        {
            await owned.DisposeAsync();
        }

        await (_database?.DisposeAsync() ?? ValueTask.CompletedTask);
    }

    /// <summary>A store with a connection pool of its own, as one instance of the site has.</summary>
    private PostgresSubscriberStore NewStore(string? connectionString = null)
    {
        var store = PostgresSubscriberStore.Create(connectionString ?? _database.ConnectionString, _time);
        _owned.Add(store);
        return store;
    }

    private List<SubscriberRecord> Rows() =>
        NewStore().ReadAllAsync(CancellationToken.None).ToBlockingEnumerable().ToList();

    [Fact]
    public async Task EnsureCreated_TableAndUniqueIndexOnTheNormalizedKey()
    {
        await NewStore().EnsureCreatedAsync(CancellationToken.None);

        var index = Assert.Single(_database.Column(
            $"SELECT indexdef FROM pg_indexes WHERE schemaname = '{_database.Schema}' AND tablename = 'newsletter_subscribers' AND indexdef LIKE '%UNIQUE%(email_key)%'"));
        Assert.Contains("newsletter_subscribers_email_key", index, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnsureCreated_TwentyInstancesStartingAtOnce_AllSucceedOnOneTable()
    {
        var stores = Enumerable.Range(0, 20).Select(_ => NewStore()).ToList();

        await Task.WhenAll(stores.Select(s => Task.Run(() => s.EnsureCreatedAsync(CancellationToken.None))));
        await stores[0].EnsureCreatedAsync(CancellationToken.None);
        await NewStore().EnsureCreatedAsync(CancellationToken.None);

        Assert.Equal(1L, _database.Scalar<long>($"SELECT count(*) FROM pg_tables WHERE schemaname = '{_database.Schema}' AND tablename = 'newsletter_subscribers'"));
        Assert.Equal(2L, _database.Scalar<long>($"SELECT count(*) FROM pg_indexes WHERE schemaname = '{_database.Schema}' AND tablename = 'newsletter_subscribers'"));
    }

    [Fact]
    public async Task AddAsync_NewAddress_IsStoredWithInjectedTimeAndSource()
    {
        _time.Set(Start.AddTicks(1234560));
        var store = NewStore();

        Assert.Equal(SubscribeOutcome.Added, await store.AddAsync("reader@example.com", "/articles/one", CancellationToken.None));

        Assert.Equal([new SubscriberRecord("reader@example.com", Start.AddTicks(1234560), "/articles/one")], Rows());
    }

    [Fact]
    public async Task AddAsync_SubMicrosecondTime_IsTruncatedNotRounded()
    {
        _time.Set(Start.AddTicks(9999999));

        await NewStore().AddAsync("reader@example.com", "/p", CancellationToken.None);

        Assert.Equal(Start.AddTicks(9999990), Assert.Single(Rows()).SubscribedAtUtc);
    }

    [Fact]
    public async Task AddAsync_500ParallelDistinct_Gives500Records()
    {
        var store = NewStore();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 500).Select(i =>
            Task.Run(() => store.AddAsync($"reader{i}@example.com", $"/articles/{i}", CancellationToken.None))));

        Assert.All(outcomes, o => Assert.Equal(SubscribeOutcome.Added, o));
        var records = Rows();
        Assert.Equal(500, records.Count);
        Assert.Equal(500, records.Select(r => r.Email).Distinct(StringComparer.Ordinal).Count());
        Assert.All(records, r => Assert.Equal("/articles/" + r.Email["reader".Length..r.Email.IndexOf('@', StringComparison.Ordinal)], r.SourcePath));
    }

    [Fact]
    public async Task AddAsync_50IdenticalConcurrent_GivesOneRecord()
    {
        var store = NewStore();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ =>
            Task.Run(() => store.AddAsync("same@example.com", "/p", CancellationToken.None))));

        Assert.Equal(1, outcomes.Count(o => o == SubscribeOutcome.Added));
        Assert.Equal(49, outcomes.Count(o => o == SubscribeOutcome.AlreadySubscribed));
        Assert.Single(Rows());
    }

    [Fact]
    public async Task AddAsync_50IdenticalOverFiveInstances_GivesOneRecord()
    {
        var stores = Enumerable.Range(0, 5).Select(_ => NewStore()).ToList();
        await stores[0].EnsureCreatedAsync(CancellationToken.None);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            Task.Run(() => stores[i % stores.Count].AddAsync(i % 2 == 0 ? "Same@Example.com" : "same@example.com", "/p", CancellationToken.None))));

        Assert.Equal(1, outcomes.Count(o => o == SubscribeOutcome.Added));
        Assert.Single(Rows());
    }

    [Fact]
    public async Task AddAsync_DuplicateDifferingInCase_GivesOneRecord()
    {
        var store = NewStore();

        Assert.Equal(SubscribeOutcome.Added, await store.AddAsync("A@Example.com", "/p", CancellationToken.None));
        Assert.Equal(SubscribeOutcome.AlreadySubscribed, await store.AddAsync("a@example.com", "/q", CancellationToken.None));
        Assert.Equal(SubscribeOutcome.AlreadySubscribed, await store.AddAsync("a@EXAMPLE.COM", "/r", CancellationToken.None));

        Assert.Equal("A@example.com", Assert.Single(Rows()).Email);
    }

    [Fact]
    public async Task AddAsync_AfterRestart_KeepsDeduplication()
    {
        await using (var first = PostgresSubscriberStore.Create(_database.ConnectionString, _time))
        {
            await first.AddAsync("reader@example.com", "/p", CancellationToken.None);
        }

        var second = NewStore();
        Assert.Equal(SubscribeOutcome.AlreadySubscribed, await second.AddAsync("READER@example.com", "/q", CancellationToken.None));
        Assert.Equal(SubscribeOutcome.Added, await second.AddAsync("other@example.com", "/q", CancellationToken.None));

        Assert.Equal(["reader@example.com", "other@example.com"], Rows().Select(r => r.Email));
    }

    [Fact]
    public async Task AddAsync_InvalidAddress_ThrowsArgumentExceptionWithoutWriting()
    {
        var store = NewStore();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => store.AddAsync("evil@example.com\r\nx,y", "/p", CancellationToken.None));

        Assert.DoesNotContain("evil", error.Message, StringComparison.Ordinal);
        Assert.Empty(Rows());
    }

    [Fact]
    public async Task AddAsync_SourcePathWithLineBreaksAndFormula_ExportsAsTheFileStoreDoes()
    {
        var store = NewStore();
        await store.AddAsync("a@example.com", "=HYPERLINK(\"x\")\r\n,next", CancellationToken.None);

        Assert.Equal("=HYPERLINK(\"x\")%0D%0A,next", Assert.Single(Rows()).SourcePath);
        using var export = new StringWriter();
        SubscriberCsv.WriteAll(export, Rows());
        Assert.Equal(
            "email,subscribed_at_utc,source_path\r\na@example.com,2026-11-26T06:30:12.0000000Z,\"'=HYPERLINK(\"\"x\"\")%0D%0A,next\"\r\n",
            export.ToString());
    }

    [Fact]
    public async Task ReadAllAsync_ReturnsStoredRecordsOldestFirst()
    {
        var store = NewStore();
        foreach (var i in new[] { 3, 0, 4, 1, 2 })
        {
            _time.Set(Start.AddMinutes(i));
            await store.AddAsync($"r{i}@example.com", $"/a/{i}", CancellationToken.None);
        }

        var records = Rows();

        Assert.Equal(Enumerable.Range(0, 5).Select(i => new SubscriberRecord($"r{i}@example.com", Start.AddMinutes(i), $"/a/{i}")), records);
    }

    [Fact]
    public void ReadAllAsync_BeforeAnySignup_IsEmptyAndCreatesNothing()
    {
        Assert.Empty(Rows());
        Assert.Equal(0L, _database.Scalar<long>($"SELECT count(*) FROM pg_tables WHERE schemaname = '{_database.Schema}'"));
    }

    [Fact]
    public async Task AddAsync_ConnectionsKilledByTheServer_NeverReportsAFalseSuccess()
    {
        var name = "ar-kill-" + Guid.NewGuid().ToString("N")[..8];
        var store = NewStore(_database.ConnectionStringWith(b => b.ApplicationName = name));
        await store.EnsureCreatedAsync(CancellationToken.None);
        var acknowledged = new List<string>();
        var failures = 0;
        for (var round = 0; round < 20; round++)
        {
            // Every pooled connection of the store dies under it, as in a database restart or failover.
            _database.Execute($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '{name}'");
            var email = $"round{round}@example.com";
            try
            {
                if (await store.AddAsync(email, "/p", CancellationToken.None) == SubscribeOutcome.Added)
                {
                    acknowledged.Add(email);
                }
            }
            catch (SubscriberStoreUnavailableException ex)
            {
                failures++;
                Assert.DoesNotContain(email, ex.ToString(), StringComparison.OrdinalIgnoreCase);
            }
        }

        var stored = Rows().Select(r => r.Email).ToHashSet(StringComparer.Ordinal);
        Assert.All(acknowledged, email => Assert.Contains(email, stored));
        Assert.True(failures + acknowledged.Count == 20, $"{failures} failures and {acknowledged.Count} acknowledged of 20");

        // And the store recovers by itself once the database is back.
        Assert.Equal(SubscribeOutcome.Added, await store.AddAsync("after@example.com", "/p", CancellationToken.None));
    }

    [Fact]
    public async Task AddAsync_TableDroppedUnderTheStore_ThrowsUnavailableNotSuccess()
    {
        var store = NewStore();
        await store.AddAsync("first@example.com", "/p", CancellationToken.None);
        _database.Execute("DROP TABLE newsletter_subscribers");

        var error = await Assert.ThrowsAsync<SubscriberStoreUnavailableException>(() => store.AddAsync("second@example.com", "/p", CancellationToken.None));

        Assert.Contains("42P01", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("second@example.com", error.ToString(), StringComparison.Ordinal);
        Assert.IsAssignableFrom<NpgsqlException>(error.InnerException);
    }
}
