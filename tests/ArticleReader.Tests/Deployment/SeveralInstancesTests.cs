using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using ArticleReader.Tests.Infrastructure;
using ArticleReader.Tests.Reliability;

namespace ArticleReader.Tests.Deployment;

/// <summary>
/// Two real processes of the site (<see cref="AppProcess"/>) on loopback ports, sharing one PostgreSQL schema for subscribers, keys and rate
/// limit, as behind a load balancer: forms cross instances, signups spread over both are stored once each, and an
/// instance killed with SIGKILL loses no signup it acknowledged.
/// </summary>
[Trait("Category", "Postgres")]
public sealed class SeveralInstancesTests : IAsyncLifetime
{
    private static readonly Uri Home = new("/", UriKind.Relative);

    private readonly TempContent _content = new();
    private readonly List<AppProcess> _instances = [];
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromSeconds(30) })
    {
        Timeout = TimeSpan.FromSeconds(30),
    };

    private PostgresTestDatabase _database = null!;

    public Task InitializeAsync()
    {
        _database = PostgresTestDatabase.Create();
        _content.Article("2025-01-01-first.md", "First Piece");
        _content.Article("2025-01-02-second.md", "Second Piece");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var instance in _instances)
        {
            instance.Dispose();
        }

        _http.Dispose();
        await (_database?.DisposeAsync() ?? ValueTask.CompletedTask);
        _content.Dispose();
    }

    /// <summary>Starts <paramref name="count"/> instances at the same moment on the shared, empty schema.</summary>
    private async Task<AppProcess[]> StartAsync(int count, CancellationToken cancellationToken)
    {
        var environment = new Dictionary<string, string>
        {
            ["Content__Root"] = _content.Root,
            ["Newsletter__Store"] = "postgres",
            ["ConnectionStrings__Subscribers"] = _database.ConnectionString,
            ["Newsletter__MinSecondsToSubmit"] = "0",
            ["Newsletter__RateLimitPerMinute"] = "100000",

            // The signup lines, so the test can check they hold no address.
            ["Serilog__MinimumLevel__Default"] = "Information",
        };
        var starting = Enumerable.Range(0, count).Select(_ => AppProcess.StartAsync(environment, cancellationToken)).ToList();
        try
        {
            await Task.WhenAll(starting);
        }
        finally
        {
            // Whatever started is stopped on dispose, even when another instance failed to start.
            _instances.AddRange(starting.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result));
        }

        return [.. starting.Select(t => t.Result)];
    }

    private async Task<bool> SignupAsync(AppProcess formFrom, AppProcess postTo, string email, CancellationToken cancellationToken)
    {
        var form = await SignupForm.FetchAsync(_http, new Uri(formFrom.BaseAddress, Home), cancellationToken);
        using var response = await form.PostAsync(_http, postTo.BaseAddress, email, cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return false;
        }

        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        return json.RootElement.GetProperty("ok").GetBoolean();
    }

    private Dictionary<string, long> StoredCounts() =>
        _database.Column("SELECT email FROM newsletter_subscribers").GroupBy(e => e, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.LongCount(), StringComparer.Ordinal);

    [Fact(Timeout = 180_000)]
    public async Task Post_FormFromOneInstanceToTheOther_IsAcceptedBothWays()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(150));
        var (a, b) = await StartAsync(2, deadline.Token) switch { var s => (s[0], s[1]) };

        Assert.True(await SignupAsync(a, b, "a-to-b@example.com", deadline.Token), "a form served by A was refused by B");
        Assert.True(await SignupAsync(b, a, "b-to-a@example.com", deadline.Token), "a form served by B was refused by A");

        // Started together on an empty database, they still agreed on one key.
        Assert.Equal(1L, _database.Scalar<long>("SELECT count(*) FROM data_protection_keys"));
        Assert.Equal(["a-to-b@example.com", "b-to-a@example.com"], StoredCounts().Keys.Order(StringComparer.Ordinal));
    }

    [Fact(Timeout = 300_000)]
    public async Task Post_1000SignupsSpreadOverTwoInstances_StoreExactlyOneRecordEach()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(270));
        var instances = await StartAsync(2, deadline.Token);
        var emails = Enumerable.Range(0, 1000).Select(i => $"reader{i}@example.com").ToList();
        var refused = new ConcurrentBag<string>();

        await Parallel.ForEachAsync(emails.Select((email, i) => (email, i)), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = deadline.Token }, async (item, token) =>
        {
            // The form from one instance, the post to the other, and every third reader sends it twice (a double click).
            var formFrom = instances[item.i % 2];
            var postTo = instances[(item.i + 1) % 2];
            if (!await SignupAsync(formFrom, postTo, item.email, token))
            {
                refused.Add(item.email);
            }

            if (item.i % 3 == 0 && !await SignupAsync(postTo, formFrom, item.email.ToUpperInvariant(), token))
            {
                refused.Add(item.email);
            }
        });

        Assert.Empty(refused);
        var stored = StoredCounts();
        Assert.Equal(1000, stored.Count);
        Assert.All(emails, email => Assert.Equal(1L, stored.GetValueOrDefault(email)));

        // The logs (each instance's last lines) tell signups apart by hash only.
        foreach (var instance in instances)
        {
            Assert.Contains("Newsletter signup", instance.RecentOutput, StringComparison.Ordinal);
            Assert.DoesNotContain("@example.com", instance.RecentOutput, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact(Timeout = 300_000)]
    public async Task Kill9_OneInstanceMidWay_LosesNoAcknowledgedSignup()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(270));
        var (a, b) = await StartAsync(2, deadline.Token) switch { var s => (s[0], s[1]) };
        var acknowledged = new ConcurrentBag<string>();
        var acknowledgedByA = 0;
        var killed = 0;

        await Parallel.ForEachAsync(Enumerable.Range(0, 600), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = deadline.Token }, async (i, token) =>
        {
            var email = $"crash{i}@example.com";
            if (i == 200 && Interlocked.Exchange(ref killed, 1) == 0)
            {
                // Mid-way, with other signups in flight on A.
                a.KillHard();
            }

            var postTo = Volatile.Read(ref killed) == 0 && i % 2 == 0 ? a : b;
            try
            {
                if (await SignupAsync(b, postTo, email, token))
                {
                    acknowledged.Add(email);
                    if (postTo == a)
                    {
                        Interlocked.Increment(ref acknowledgedByA);
                    }
                }
            }
            catch (HttpRequestException)
            {
                // A's connection died with it: not acknowledged, so the reader tries again, on B behind the balancer.
                if (await SignupAsync(b, b, email, token))
                {
                    acknowledged.Add(email);
                }
            }
        });

        Assert.True(a.HasExited, "A was not killed");
        Assert.True(acknowledgedByA > 50, $"only {acknowledgedByA} signups were acknowledged by A before it died");
        var stored = StoredCounts();
        Assert.All(acknowledged, email => Assert.Equal(1L, stored.GetValueOrDefault(email)));
        Assert.Equal(600, acknowledged.Count);
        Assert.False(b.HasExited);
    }
}
