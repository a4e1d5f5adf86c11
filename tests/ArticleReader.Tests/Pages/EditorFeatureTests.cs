using System.Net;
using ArticleReader.Tests.Infrastructure;
using ArticleReader.Web.Content;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Time.Testing;

namespace ArticleReader.Tests.Pages;

/// <summary>Scheduling, expiry, redirects, corrections, media and the health page.</summary>
public sealed class EditorFeatureTests : IDisposable
{
    private readonly TempContent _content = new();
    private readonly FakeTimeProvider _clock = SiteFactory.Clock("2026-01-01T00:00:00Z");
    private SiteFactory? _factory;
    private HttpClient? _client;

    private HttpClient Start(Dictionary<string, string?>? settings = null)
    {
        _factory = new SiteFactory(_content.Root, settings, _clock);
        _client = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        return _client;
    }

    private async Task<HttpStatusCode> StatusOf(string url)
    {
        using var response = await _client!.GetAsync(new Uri(url, UriKind.Relative));
        return response.StatusCode;
    }

    [Fact]
    public async Task ScheduledArticle_GoesLiveAtItsSecondWithoutAnyFileChange()
    {
        _content.Article("now.md", "Now", date: "2025-12-31");
        _content.Article("later.md", "Later", date: "2026-01-01T00:00:10Z");
        Start();
        Assert.Equal(HttpStatusCode.NotFound, await StatusOf("/articles/later"));
        Assert.DoesNotContain("Later", (await Html.GetAsync(_client!, "/")).QuerySelector(".latest")!.TextContent, StringComparison.Ordinal);

        _clock.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(HttpStatusCode.NotFound, await StatusOf("/articles/later"));

        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, await StatusOf("/articles/later"));
        Assert.Equal("Later", (await Html.GetAsync(_client!, "/")).QuerySelector(".lead-title a")!.TextContent);
    }

    [Fact]
    public async Task ExpiringArticle_DisappearsAtItsSecond()
    {
        _content.Article("stays.md", "Stays", date: "2025-12-30");
        _content.Article("goes.md", "Goes", date: "2025-12-31", extra: "expires: 2026-01-01T00:01:00Z");
        Start();
        Assert.Equal(HttpStatusCode.OK, await StatusOf("/articles/goes"));
        _clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(HttpStatusCode.OK, await StatusOf("/articles/goes"));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.NotFound, await StatusOf("/articles/goes"));
        Assert.Equal(HttpStatusCode.OK, await StatusOf("/articles/stays"));
    }

    [Fact]
    public async Task Aliases_Answer301ToTheArticle()
    {
        _content.Article("2025-06-01-new-home.md", "New Home", date: null, extra: "aliases: [/2019/05/old-path.html, old-slug]");
        Start();
        using var byPath = await _client!.GetAsync(new Uri("/2019/05/old-path.html", UriKind.Relative));
        Assert.Equal(HttpStatusCode.MovedPermanently, byPath.StatusCode);
        Assert.Equal("/articles/new-home", byPath.Headers.Location!.OriginalString);
        using var bySlug = await _client.GetAsync(new Uri("/articles/old-slug", UriKind.Relative));
        Assert.Equal(HttpStatusCode.MovedPermanently, bySlug.StatusCode);
        Assert.Equal("/articles/new-home", bySlug.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task SlugChangedWhileRunning_OldUrlAnswers301WhenIdIsKept()
    {
        _content.Article("piece.md", "Piece", date: "2025-06-01", extra: "id: piece-1\nslug: first-slug");
        Start();
        Assert.Equal(HttpStatusCode.OK, await StatusOf("/articles/first-slug"));
        _content.Article("piece.md", "Piece", date: "2025-06-01", extra: "id: piece-1\nslug: second-slug");
        Assert.True(await Html.EventuallyAsync(async () => await StatusOf("/articles/second-slug") == HttpStatusCode.OK));
        using var old = await _client!.GetAsync(new Uri("/articles/first-slug", UriKind.Relative));
        Assert.Equal(HttpStatusCode.MovedPermanently, old.StatusCode);
        Assert.Equal("/articles/second-slug", old.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Correction_IsShownAboveTheBody()
    {
        _content.Article("fixed.md", "Fixed", date: "2025-06-01", extra: "updated: 2025-01-05\ncorrection: An earlier version misstated the tonnage.");
        Start();
        var document = await Html.GetAsync(_client!, "/articles/fixed");
        var note = document.QuerySelector(".article-correction")!;
        Assert.Equal("Updated 5 January 2025: An earlier version misstated the tonnage.", note.TextContent.Trim());
        Assert.Same(note.NextElementSibling, document.QuerySelector(".article-body"));
    }

    [Fact]
    public async Task Media_HasLongCacheAndSvgGetsScriptBlockingCsp()
    {
        _content.Article("a.md", "A", date: "2025-06-01");
        _content.Write("img/x.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>");
        _content.Write("docs/report.pdf", "%PDF-1.4");
        Start();
        using var svg = await _client!.GetAsync(new Uri("/media/img/x.svg", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, svg.StatusCode);
        Assert.Contains("max-age=", svg.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        var csp = string.Join(";", svg.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("sandbox", csp, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, await StatusOf("/media/docs/report.pdf"));
    }

    [Fact]
    public async Task Media_LinkOutOfTheContentFolder_Returns404()
    {
        _content.Article("a.md", "A", date: "2025-06-01");
        var outside = Path.Combine(Path.GetTempPath(), "ar-tests", "outside-" + Guid.NewGuid().ToString("N") + ".png");
        await File.WriteAllTextAsync(outside, "secret");
        try
        {
            File.CreateSymbolicLink(Path.Combine(_content.Root, "escape.png"), outside);
            Directory.CreateSymbolicLink(Path.Combine(_content.Root, "escape-dir"), Path.GetDirectoryName(outside)!);
            Start();
            Assert.Equal(HttpStatusCode.NotFound, await StatusOf("/media/escape.png"));
            Assert.Equal(HttpStatusCode.NotFound, await StatusOf("/media/escape-dir/" + Path.GetFileName(outside)));
        }
        finally
        {
            File.Delete(outside);
        }
    }

    [Fact]
    public async Task HealthPage_FromRemoteClientOutsideDevelopment_Returns404()
    {
        _content.Article("a.md", "A", date: "2025-06-01");
        Start();
        Assert.Equal(HttpStatusCode.NotFound, await StatusOf("/_editor/health"));
    }

    [Fact]
    public async Task HealthPage_ListsEveryFileWithItsState()
    {
        _content.Article("published.md", "Published", date: "2025-06-01", extra: "dek: D");
        _content.Article("draft.md", "Draft", date: "2025-06-01", extra: "draft: true");
        _content.Article("scheduled.md", "Scheduled", date: "2026-02-01 09:00");
        _content.Article("expired.md", "Expired", date: "2025-06-01", extra: "expires: 2025-07-01");
        _content.Write("broken.md", "---\ntitle: Broken\ndate: never\n---\nB");
        File.SetLastWriteTimeUtc(Path.Combine(_content.Root, "broken.md"), DateTime.UtcNow.AddMinutes(-1));
        Start(new() { ["Editor:AllowRemoteHealthPage"] = "true" });
        var document = await Html.GetAsync(_client!, "/_editor/health");
        string State(string path) => document.QuerySelector($"tr[data-path='{path}'] .health-state")!.TextContent;
        Assert.Equal("Published", State("published.md"));
        Assert.Equal("Draft", State("draft.md"));
        Assert.Equal("Scheduled 2026-02-01 09:00 UTC", State("scheduled.md"));
        Assert.Equal("Expired 2025-07-01 00:00 UTC", State("expired.md"));
        Assert.Equal("Error", State("broken.md"));
        Assert.Contains("never", document.QuerySelector("tr[data-path='broken.md'] .health-problems")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Loader_FreshlyWrittenBrokenFile_IsSettlingUntilItAges()
    {
        _content.Write("growing.md", "---\ntitle: Half");
        var loader = new ContentLoader(_content.Root, 1_000_000);
        var fresh = Assert.Single(loader.Load());
        Assert.True(fresh.Settling);
        Assert.True(loader.HasSettling);

        File.SetLastWriteTimeUtc(Path.Combine(_content.Root, "growing.md"), DateTime.UtcNow.AddSeconds(-5));
        var aged = Assert.Single(loader.Load());
        Assert.False(aged.Settling);
        Assert.True(aged.HasErrors);
    }

    public void Dispose()
    {
        _client?.Dispose();
        _factory?.Dispose();
        _content.Dispose();
    }
}
