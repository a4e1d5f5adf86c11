using ArticleReader.Tests.Newsletter;
using ArticleReader.Web.Infrastructure;
using ArticleReader.Web.Newsletter;

namespace ArticleReader.Tests.Infrastructure;

/// <summary><c>subscribers export</c> writes the contract's CSV from whichever store is configured.</summary>
public sealed class SubscribersExportTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 6, 30, 12, 123, TimeSpan.Zero);

    private static readonly (string Email, string Source)[] Signups =
    [
        ("first@example.com", "/articles/one"),
        ("Second@Example.com", "/"),
        ("=cmd@example.com", "/sections/europe"),
    ];

    private const string Expected =
        "email,subscribed_at_utc,source_path\r\n"
        + "first@example.com,2026-11-26T06:30:12.1230000Z,/articles/one\r\n"
        + "Second@example.com,2026-11-26T06:31:12.1230000Z,/\r\n"
        + "'=cmd@example.com,2026-11-26T06:32:12.1230000Z,/sections/europe\r\n";

    private readonly TempFolder _temp = new();

    private static async Task FillAsync(ISubscriberStore store, ManualTimeProvider time)
    {
        for (var i = 0; i < Signups.Length; i++)
        {
            time.Set(Start.AddMinutes(i));
            await store.AddAsync(Signups[i].Email, Signups[i].Source, CancellationToken.None);
        }
    }

    private static (int ExitCode, string Output, string Error) Export(params string[] settings)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = CommandLine.TryRun(["subscribers", "export", .. settings], output, error);
        Assert.NotNull(exit);
        return (exit.Value, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Export_FileStore_WritesTheContractCsv()
    {
        var path = _temp.File("subscribers.csv");
        var time = new ManualTimeProvider(Start);
        await using (var store = FileSubscriberStore.Open(path, time))
        {
            await FillAsync(store, time);
        }

        var (exit, output, error) = Export($"--Newsletter:SubscribersFile={path}");

        Assert.Equal(0, exit);
        Assert.Equal(Expected, output);
        Assert.Contains("3 subscribers exported", error, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", "Postgres")]
    public async Task Export_PostgresStore_WritesTheSameCsvAsTheFileStore()
    {
        await using var database = PostgresTestDatabase.Create();
        var time = new ManualTimeProvider(Start);
        await using (var store = PostgresSubscriberStore.Create(database.ConnectionString, time))
        {
            await FillAsync(store, time);
        }

        var (exit, output, error) = Export("--Newsletter:Store=postgres", $"--ConnectionStrings:Subscribers={database.ConnectionString}");

        Assert.Equal(0, exit);
        Assert.Equal(Expected, output);
        Assert.Contains("3 subscribers exported from the database", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Export_PostgresStoreUnreachable_Exits1WithMessageAndNoPartialCsv()
    {
        var (exit, output, error) = Export(
            "--Newsletter:Store=postgres",
            $"--ConnectionStrings:Subscribers=Host=127.0.0.1;Port={PostgresSubscriberStoreOutageTests.ClosedPort()};Username=nobody;Database=nothing;Timeout=5");

        Assert.Equal(1, exit);
        Assert.Equal(string.Empty, output);
        Assert.Contains("cannot read the subscribers from the database", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Export_PostgresStoreWithoutConnectionString_Exits2()
    {
        var (exit, output, error) = Export("--Newsletter:Store=postgres");

        Assert.Equal(2, exit);
        Assert.Equal(string.Empty, output);
        Assert.Contains("ConnectionStrings:Subscribers is empty", error, StringComparison.Ordinal);
    }

    public void Dispose() => _temp.Dispose();
}
