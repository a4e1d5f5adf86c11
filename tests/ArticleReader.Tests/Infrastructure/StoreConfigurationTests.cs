using ArticleReader.Web.Infrastructure;
using ArticleReader.Web.Newsletter;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ArticleReader.Tests.Infrastructure;

/// <summary>Choosing the subscriber store: the default needs no database; a wrong choice stops the start with a clear message.</summary>
public sealed class StoreConfigurationTests : IDisposable
{
    private readonly TempContent _content = new();
    private readonly List<SiteFactory> _factories = [];

    private SiteFactory Factory(Dictionary<string, string?> settings)
    {
        var factory = new SiteFactory(_content.Root, settings);
        _factories.Add(factory);
        return factory;
    }

    [Fact]
    public void Start_NoStoreConfigured_UsesTheFileStoreAndNoDatabase()
    {
        var factory = Factory([]);
        using var client = factory.CreateClient();

        Assert.IsType<ReopeningSubscriberStore>(factory.Services.GetRequiredService<ISubscriberStore>());
        Assert.Null(factory.Services.GetService<NpgsqlDataSource>());
        Assert.Null(factory.Services.GetService<SharedRateLimit>());
        Assert.True(File.Exists(Path.Combine(factory.DataFolder, "subscribers.csv")));
    }

    [Fact]
    public void Start_PostgresWithoutConnectionString_IsRefusedWithClearMessage()
    {
        var factory = Factory(new() { ["Newsletter:Store"] = "postgres" });

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("ConnectionStrings:Subscribers is empty", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Start_PostgresWithMalformedConnectionString_IsRefusedWithoutRepeatingIt()
    {
        var factory = Factory(new() { ["Newsletter:Store"] = "Postgres", ["ConnectionStrings:Subscribers"] = "Host=db;Password=hunter2;Colour=blue" });

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("ConnectionStrings:Subscribers is not a valid PostgreSQL connection string", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Start_UnknownStore_IsRefusedNamingTheChoices()
    {
        var factory = Factory(new() { ["Newsletter:Store"] = "redis" });

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("Newsletter:Store must be 'file' (the default) or 'postgres'", error.ToString(), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        foreach (var factory in _factories)
        {
            factory.Dispose();
        }

        _content.Dispose();
    }
}
