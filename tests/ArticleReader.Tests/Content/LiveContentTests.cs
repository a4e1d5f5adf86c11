using System.Net;
using ArticleReader.Tests.Infrastructure;

namespace ArticleReader.Tests.Content;

/// <summary>Editors change files while the site runs; readers see the change within a second or so.</summary>
public sealed class LiveContentTests : IDisposable
{
    private readonly TempContent _content = new();
    private readonly SiteFactory _factory;
    private readonly HttpClient _client;

    public LiveContentTests()
    {
        _content.Article("2025-01-01-first.md", "First Piece");
        _factory = new SiteFactory(_content.Root);
        _client = _factory.CreateClient();
    }

    private async Task<string?> TitleAt(string url)
    {
        using var response = await _client.GetAsync(new Uri(url, UriKind.Relative));
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return null;
        }

        return (await Html.GetDocumentAsync(response)).QuerySelector("h1")?.TextContent;
    }

    [Fact]
    public async Task AddedFile_IsServedWithoutRestart()
    {
        Assert.Null(await TitleAt("/articles/second"));
        _content.Article("2025-01-02-second.md", "Second Piece");
        Assert.True(await Html.EventuallyAsync(async () => await TitleAt("/articles/second") == "Second Piece"));
    }

    [Fact]
    public async Task ChangedFile_IsServedWithoutRestart()
    {
        Assert.Equal("First Piece", await TitleAt("/articles/first"));
        _content.Article("2025-01-01-first.md", "First Piece, Revised");
        Assert.True(await Html.EventuallyAsync(async () => await TitleAt("/articles/first") == "First Piece, Revised"));
    }

    [Fact]
    public async Task ChangedBody_IsServed_NotTheBodyRenderedBefore()
    {
        async Task<string?> BodyAt(string url)
        {
            using var response = await _client.GetAsync(new Uri(url, UriKind.Relative));
            return response.StatusCode == HttpStatusCode.OK ? (await Html.GetDocumentAsync(response)).QuerySelector(".article-body")?.TextContent : null;
        }

        Assert.Contains("sets out the argument", await BodyAt("/articles/first"), StringComparison.Ordinal);
        _content.Article("2025-01-01-first.md", "First Piece", body: "A rewritten body with other words.\n");
        Assert.True(await Html.EventuallyAsync(async () => (await BodyAt("/articles/first"))?.Contains("rewritten body", StringComparison.Ordinal) == true));
        Assert.DoesNotContain("sets out the argument", await BodyAt("/articles/first"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenamedFile_MovesToItsNewUrl()
    {
        Assert.Equal("First Piece", await TitleAt("/articles/first"));
        File.Move(Path.Combine(_content.Root, "2025-01-01-first.md"), Path.Combine(_content.Root, "2025-01-01-renamed.md"));
        Assert.True(await Html.EventuallyAsync(async () => await TitleAt("/articles/renamed") == "First Piece" && await TitleAt("/articles/first") is null));
    }

    [Fact]
    public async Task DeletedFile_Returns404()
    {
        Assert.Equal("First Piece", await TitleAt("/articles/first"));
        _content.Delete("2025-01-01-first.md");
        Assert.True(await Html.EventuallyAsync(async () => await TitleAt("/articles/first") is null));
    }

    [Fact]
    public async Task FileInNewSubfolder_IsServed()
    {
        _content.Article("deep/er/2025-01-03-nested.md", "Nested Piece");
        Assert.True(await Html.EventuallyAsync(async () => await TitleAt("/articles/nested") == "Nested Piece"));
    }

    [Fact]
    public async Task BrokenEditOfLiveArticle_KeepsLastGoodVersion()
    {
        _content.Write("2025-01-01-first.md", "---\ntitle: [half written\n---\nBody");
        _content.Article("2025-01-04-marker.md", "Marker");
        Assert.True(await Html.EventuallyAsync(async () => await TitleAt("/articles/marker") == "Marker"));
        Assert.Equal("First Piece", await TitleAt("/articles/first"));
    }

    [Fact]
    public async Task BrokenNewFile_IsSkippedAndOthersStay()
    {
        _content.Write("2025-01-05-broken.md", "---\ntitle: Broken\ndate: someday\n---\nBody");
        _content.Article("2025-01-06-marker-two.md", "Marker Two");
        Assert.True(await Html.EventuallyAsync(async () => await TitleAt("/articles/marker-two") == "Marker Two"));
        Assert.Null(await TitleAt("/articles/broken"));
        Assert.Equal("First Piece", await TitleAt("/articles/first"));
    }

    [Fact]
    public async Task BurstOfWrites_EndsOnTheLastVersion()
    {
        for (var i = 0; i < 25; i++)
        {
            _content.Article("2025-01-01-first.md", $"Version {i}");
        }

        Assert.True(await Html.EventuallyAsync(async () => await TitleAt("/articles/first") == "Version 24"));
    }

    [Fact]
    public async Task EditorTemporaryFiles_AreIgnored()
    {
        _content.Write(".#2025-01-01-first.md", "garbage");
        _content.Write("2025-01-01-first.md~", "garbage");
        _content.Write("2025-01-01-first.md.swp", "garbage");
        _content.Write("notes.tmp", "garbage");
        _content.Article("2025-01-07-marker-three.md", "Marker Three");
        Assert.True(await Html.EventuallyAsync(async () => await TitleAt("/articles/marker-three") == "Marker Three"));
        var store = (ArticleReader.Web.Content.ContentStore)_factory.Services.GetService(typeof(ArticleReader.Web.Content.ContentStore))!;
        Assert.Empty(store.Current.Diagnostics);
        Assert.Equal(2, store.Current.All.Count);
    }

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
        _content.Dispose();
    }
}

/// <summary>The same, with the polling watcher for folders where file events do not arrive.</summary>
public sealed class PollingContentTests : IDisposable
{
    private readonly TempContent _content = new();
    private readonly SiteFactory _factory;
    private readonly HttpClient _client;

    public PollingContentTests()
    {
        _content.Article("2025-01-01-first.md", "First Piece");
        _factory = new SiteFactory(_content.Root, new Dictionary<string, string?> { ["Content:UsePolling"] = "true", ["Content:PollingIntervalMilliseconds"] = "100" });
        _client = _factory.CreateClient();
    }

    [Fact]
    public async Task AddedFile_IsServedByPolling()
    {
        _ = await _client.GetAsync(new Uri("/", UriKind.Relative));
        _content.Article("2025-01-02-polled.md", "Polled Piece");
        Assert.True(await Html.EventuallyAsync(async () =>
        {
            using var response = await _client.GetAsync(new Uri("/articles/polled", UriKind.Relative));
            return response.StatusCode == HttpStatusCode.OK;
        }));
    }

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
        _content.Dispose();
    }
}
