using System.Net;
using System.Text.Json;
using ArticleReader.Tests.Infrastructure;
using ArticleReader.Web.Newsletter;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;

namespace ArticleReader.Tests.Pages;

/// <summary>Several in-process instances of the site on one PostgreSQL schema: keys, rate limit and outages.</summary>
[Trait("Category", "Postgres")]
public sealed class SharedDatabasePageTests : IDisposable
{
    private static readonly Uri Home = new("/", UriKind.Relative);

    private readonly TempContent _content = new();
    private readonly PostgresTestDatabase _database = PostgresTestDatabase.Create();
    private readonly List<SiteFactory> _factories = [];

    public SharedDatabasePageTests()
    {
        _content.Article("2025-01-01-first.md", "First Piece");
    }

    private (SiteFactory Factory, HttpClient Client) Instance(Dictionary<string, string?>? settings = null, TimeProvider? time = null, string? connectionString = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Newsletter:Store"] = "postgres",
            ["ConnectionStrings:Subscribers"] = connectionString ?? _database.ConnectionString,
        };
        foreach (var (key, value) in settings ?? [])
        {
            all[key] = value;
        }

        var factory = new SiteFactory(_content.Root, all, time);
        _factories.Add(factory);
        return (factory, factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false }));
    }

    private List<string> StoredEmails() => _database.Column("SELECT email FROM newsletter_subscribers ORDER BY id");

    [Fact]
    public async Task Post_FormServedByOneInstance_IsAcceptedByAnother()
    {
        var (_, a) = Instance();
        var (_, b) = Instance();

        var form = await SignupForm.FetchAsync(a, Home);
        using var response = await form.PostAsync(b, b.BaseAddress!, "crossing@example.com");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["crossing@example.com"], StoredEmails());
    }

    [Fact]
    public async Task Start_TwoInstancesAtOnceOnAnEmptyDatabase_ShareOneKey()
    {
        var first = new SiteFactory(_content.Root, new Dictionary<string, string?> { ["Newsletter:Store"] = "postgres", ["ConnectionStrings:Subscribers"] = _database.ConnectionString });
        var second = new SiteFactory(_content.Root, new Dictionary<string, string?> { ["Newsletter:Store"] = "postgres", ["ConnectionStrings:Subscribers"] = _database.ConnectionString });
        _factories.Add(first);
        _factories.Add(second);

        var clients = await Task.WhenAll(new[] { first, second }.Select(f => Task.Run(() => f.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false }))));
        var forms = await Task.WhenAll(clients.Select(c => SignupForm.FetchAsync(c, Home)));

        Assert.Equal(1L, _database.Scalar<long>("SELECT count(*) FROM data_protection_keys"));
        using var ab = await forms[0].PostAsync(clients[1], clients[1].BaseAddress!, "ab@example.com");
        using var ba = await forms[1].PostAsync(clients[0], clients[0].BaseAddress!, "ba@example.com");
        Assert.Equal(HttpStatusCode.OK, ab.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ba.StatusCode);
    }

    [Fact]
    public async Task Post_RateLimit_CountsSignupsOfEveryInstance()
    {
        var clock = SiteFactory.Clock("2025-06-01T12:00:10Z");
        var limit = new Dictionary<string, string?> { ["Newsletter:RateLimitPerMinute"] = "3" };
        var (_, a) = Instance(limit, clock);
        var (_, b) = Instance(limit, clock);
        var form = await SignupForm.FetchAsync(a, Home);

        var statuses = new List<HttpStatusCode>();
        foreach (var (client, i) in new[] { a, b, a, b, a }.Select((c, i) => (c, i)))
        {
            using var response = await form.PostAsync(client, client.BaseAddress!, $"r{i}@example.com");
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(3, StoredEmails().Count);

        // The next minute is a new window, on both instances.
        clock.Advance(TimeSpan.FromMinutes(1));
        using var later = await form.PostAsync(b, b.BaseAddress!, "later@example.com");
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
    }

    [Fact]
    public async Task Post_DatabaseLostAfterStart_Answers503ArticlesStillServedThenRecovers()
    {
        var server = new NpgsqlConnectionStringBuilder(_database.ConnectionString);
        await using var proxy = new TcpProxy(server.Host!, server.Port);
        var viaProxy = _database.ConnectionStringWith(b => { b.Host = "127.0.0.1"; b.Port = proxy.Port; b.Timeout = 5; });
        var (_, client) = Instance(connectionString: viaProxy);
        var form = await SignupForm.FetchAsync(client, Home);
        using (var before = await form.PostAsync(client, client.BaseAddress!, "before@example.com"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        proxy.Cut();
        using (var article = await client.GetAsync(new Uri("/articles/first", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, article.StatusCode);
        }

        var during = await SignupForm.FetchAsync(client, Home);
        using (var lost = await during.PostAsync(client, client.BaseAddress!, "during@example.com"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, lost.StatusCode);
            using var json = JsonDocument.Parse(await lost.Content.ReadAsStringAsync());
            Assert.False(json.RootElement.GetProperty("ok").GetBoolean());
            Assert.Equal(SignupService.UnavailableMessage, json.RootElement.GetProperty("message").GetString());
        }

        proxy.Restore();
        using (var after = await during.PostAsync(client, client.BaseAddress!, "after@example.com"))
        {
            Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        }

        Assert.Equal(["before@example.com", "after@example.com"], StoredEmails());
    }

    public void Dispose()
    {
        foreach (var factory in _factories)
        {
            factory.Dispose();
        }

        _database.Dispose();
        _content.Dispose();
    }
}
