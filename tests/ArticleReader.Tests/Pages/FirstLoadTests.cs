using System.Diagnostics;
using System.Net;
using ArticleReader.Tests.Infrastructure;
using ArticleReader.Web.Content;
using Microsoft.Extensions.DependencyInjection;

namespace ArticleReader.Tests.Pages;

/// <summary>
/// The server listens while the first content load runs: a reader's request waits for the
/// snapshot and gets the page; /healthz says 503 until then, so a load balancer holds off.
/// </summary>
public sealed class FirstLoadTests : IDisposable
{
    private readonly TempContent _content = new();

    [Fact]
    public async Task RequestDuringFirstLoad_WaitsForTheContentAndHealthSays503Meanwhile()
    {
        _content.Article("2025-01-01-first.md", "First Piece");
        // A FIFO named like an article: reading it blocks until the test writes, which holds the
        // first load open for as long as the test needs.
        var fifo = Path.Combine(_content.Root, "2025-01-02-held.md");
        using (var mkfifo = Process.Start("mkfifo", [fifo]))
        {
            await mkfifo.WaitForExitAsync();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        using var factory = new SiteFactory(_content.Root) { WaitForContent = false };
        using var client = factory.CreateClient();
        var store = factory.Services.GetRequiredService<ContentStore>();

        var page = client.GetAsync(new Uri("/articles/first", UriKind.Relative));
        using (var health = await client.GetAsync(new Uri("/healthz", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        }

        Assert.False(store.IsLoaded);
        Assert.False(page.IsCompleted);

        await File.WriteAllTextAsync(fifo, "---\ntitle: Held Piece\ndek: Written while the site was starting.\n---\nBody.\n");
        using var answer = await page.WaitAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("First Piece", (await Html.GetDocumentAsync(answer)).QuerySelector("h1")!.TextContent);
        using var healthAfter = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, healthAfter.StatusCode);
        Assert.True(store.IsLoaded);
    }

    public void Dispose() => _content.Dispose();
}
