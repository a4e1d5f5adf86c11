using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ArticleReader.Web.Newsletter;

namespace ArticleReader.Tests.Newsletter;

/// <summary>The PostgreSQL store when no database answers: a clear failure, in bounded time, never a false success. Needs no server.</summary>
public sealed class PostgresSubscriberStoreOutageTests
{
    private static readonly ManualTimeProvider Time = new(new DateTimeOffset(2026, 11, 26, 6, 30, 12, TimeSpan.Zero));

    /// <summary>A loopback port with nothing listening: connections are refused at once.</summary>
    internal static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Fact]
    public async Task AddAsync_DatabaseRefusesConnections_ThrowsUnavailableWithoutAddress()
    {
        await using var store = PostgresSubscriberStore.Create($"Host=127.0.0.1;Port={ClosedPort()};Username=nobody;Database=nothing;Timeout=5", Time);

        var error = await Assert.ThrowsAsync<SubscriberStoreUnavailableException>(() => store.AddAsync("lost@example.com", "/p", CancellationToken.None));

        Assert.DoesNotContain("lost@example.com", error.ToString(), StringComparison.OrdinalIgnoreCase);

        // Still failing, and still saying so, on the next attempt (no cached success, no cached hang).
        await Assert.ThrowsAsync<SubscriberStoreUnavailableException>(() => store.AddAsync("lost@example.com", "/p", CancellationToken.None));
    }

    [Fact]
    public async Task AddAsync_DatabaseNeverAnswers_FailsWithinTheConnectTimeout()
    {
        // Accepts the TCP connection and then says nothing, like a server that hangs.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        await using var store = PostgresSubscriberStore.Create($"Host=127.0.0.1;Port={port};Username=nobody;Database=nothing;Timeout=2;Command Timeout=2", Time);
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAsync<SubscriberStoreUnavailableException>(() => store.AddAsync("slow@example.com", "/p", CancellationToken.None));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task ReadAllAsync_DatabaseRefusesConnections_ThrowsUnavailable()
    {
        await using var store = PostgresSubscriberStore.Create($"Host=127.0.0.1;Port={ClosedPort()};Username=nobody;Database=nothing;Timeout=5", Time);

        await Assert.ThrowsAsync<SubscriberStoreUnavailableException>(async () =>
        {
            await foreach (var _ in store.ReadAllAsync(CancellationToken.None))
            {
            }
        });
    }
}
