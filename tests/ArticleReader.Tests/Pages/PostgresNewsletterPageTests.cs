using ArticleReader.Tests.Infrastructure;
using ArticleReader.Tests.Newsletter;

namespace ArticleReader.Tests.Pages;

/// <summary>
/// Every test of <see cref="NewsletterPageTests"/> again, with <c>Newsletter:Store</c> = <c>postgres</c> (each test
/// in its own schema): validation, bot checks, de-duplication, rate limit and the 503 when the database cannot be
/// reached behave as with the file store.
/// </summary>
[Trait("Category", "Postgres")]
public sealed class PostgresNewsletterPageTests : NewsletterPageTests
{
    private readonly PostgresTestDatabase _database = PostgresTestDatabase.Create();
    private readonly string _keysFolder = Path.Combine(Path.GetTempPath(), "ar-tests", "keys-" + Guid.NewGuid().ToString("N"));

    protected override Dictionary<string, string?> StoreSettings() => new()
    {
        ["Newsletter:Store"] = "postgres",
        ["ConnectionStrings:Subscribers"] = _database.ConnectionString,
    };

    /// <summary>
    /// No database listens. The keys come from a folder here, so pages render and the form can be sent: with the
    /// keys in that same unreachable database an instance cannot issue form tokens until it reaches it (see
    /// docs/deployment.md); losing the database after start is <see cref="SharedDatabasePageTests"/>' case.
    /// </summary>
    protected override Dictionary<string, string?> UnavailableStoreSettings() => new()
    {
        ["ConnectionStrings:Subscribers"] = $"Host=127.0.0.1;Port={PostgresSubscriberStoreOutageTests.ClosedPort()};Username=nobody;Database=nothing;Timeout=5",
        ["DataProtection:KeysFolder"] = _keysFolder,
    };

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _database.Dispose();
            if (Directory.Exists(_keysFolder))
            {
                Directory.Delete(_keysFolder, recursive: true);
            }
        }
    }
}
