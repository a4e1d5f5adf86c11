using System.Net;
using ArticleReader.Tests.Infrastructure;
using ArticleReader.Web.Content;
using ArticleReader.Web.Infrastructure;
using ArticleReader.Web.Newsletter;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ArticleReader.Tests.Pages;

public sealed class PageCacheTests : IDisposable
{
    private readonly TempContent _content = new();
    private readonly Microsoft.Extensions.Time.Testing.FakeTimeProvider _clock = SiteFactory.Clock("2026-01-01T00:00:00Z");
    private readonly SiteFactory _factory;

    public PageCacheTests()
    {
        _content.Article("piece.md", "Original Title", date: "2025-12-01");
        _content.Article("later.md", "Scheduled Piece", date: "2026-01-01T00:00:30Z");
        _factory = new SiteFactory(_content.Root, time: _clock);
    }

    private HttpClient NewClient() => _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    private PageCache Cache => _factory.Services.GetRequiredService<PageCache>();

    private ContentStore Store => _factory.Services.GetRequiredService<ContentStore>();

    [Fact]
    public async Task SecondRequest_IsTheSameBytesForEveryReaderAndEachSignsUpWithOwnToken()
    {
        using var alice = NewClient();
        using var bob = NewClient();
        using var first = await alice.GetAsync(new Uri("/articles/piece", UriKind.Relative));
        Assert.Equal(1, Cache.Count);
        using var second = await bob.GetAsync(new Uri("/articles/piece", UriKind.Relative));
        Assert.Equal(1, Cache.Count);
        Assert.Equal(await first.Content.ReadAsByteArrayAsync(), await second.Content.ReadAsByteArrayAsync());

        // Nothing of one reader is in the page: no token, no cookie.
        Assert.False(second.Headers.Contains("Set-Cookie"));
        var page = await Html.GetDocumentAsync(second);
        Assert.Null(page.QuerySelector("form.newsletter-signup input[name=__RequestVerificationToken]"));
        Assert.Null(page.QuerySelector("form.newsletter-signup input[name=stamp]"));

        // Each reader's script fetches its own token, and both sign up from the cached page.
        using var a = await Forms.SubmitAsync(alice, "/articles/piece", "form.newsletter-signup", new Dictionary<string, string> { ["email"] = "alice@example.com" }, json: true);
        using var b = await Forms.SubmitAsync(bob, "/articles/piece", "form.newsletter-signup", new Dictionary<string, string> { ["email"] = "bob@example.com" }, json: true);
        Assert.Equal(HttpStatusCode.OK, a.StatusCode);
        Assert.Equal(HttpStatusCode.OK, b.StatusCode);
        var stored = _factory.Services.GetRequiredService<ISubscriberStore>().ReadAllAsync(CancellationToken.None).ToBlockingEnumerable().Select(r => r.Email).Order().ToArray();
        Assert.Equal(["alice@example.com", "bob@example.com"], stored);
    }

    [Fact]
    public async Task OneReadersToken_DoesNotWorkWithAnotherReadersCookie()
    {
        using var alice = NewClient();
        using var bob = NewClient();
        var page = await Html.GetAsync(alice, "/articles/piece");
        var (aliceFields, _) = await ScriptFields.FetchAsync(alice, page.QuerySelector("form.newsletter-signup")!);
        _ = await ScriptFields.FetchAsync(bob, page.QuerySelector("form.newsletter-signup")!);
        using var stolen = await Forms.SubmitAsync(bob, "/articles/piece", "form.newsletter-signup", new Dictionary<string, string> { ["email"] = "bob@example.com", ["__RequestVerificationToken"] = aliceFields["__RequestVerificationToken"] }, json: true);
        Assert.Equal(HttpStatusCode.BadRequest, stolen.StatusCode);
        Assert.Empty(_factory.Services.GetRequiredService<ISubscriberStore>().ReadAllAsync(CancellationToken.None).ToBlockingEnumerable());
    }

    [Theory]
    [InlineData("br", "br")]
    [InlineData("gzip, deflate", "gzip")]
    [InlineData("gzip;q=0.5, br;q=1", "br")]
    [InlineData("br;q=0, gzip", "gzip")]
    [InlineData("br;q=0, gzip;q=0", null)]
    [InlineData("identity", null)]
    public async Task CachedPage_IsSentInTheCodingAskedFor(string acceptEncoding, string? expected)
    {
        using var client = NewClient();
        var identity = await client.GetByteArrayAsync(new Uri("/articles/piece", UriKind.Relative));
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/articles/piece", UriKind.Relative));
        request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Accept-Encoding", response.Headers.Vary);
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(body.Length, response.Content.Headers.ContentLength);
        if (expected is null)
        {
            Assert.Empty(response.Content.Headers.ContentEncoding);
            Assert.Equal(identity, body);
            return;
        }

        Assert.Equal([expected], response.Content.Headers.ContentEncoding);
        Assert.True(body.Length < identity.Length / 2, $"{expected}: {body.Length} bytes for {identity.Length}");
        using var compressed = new MemoryStream(body);
        using Stream decoder = expected == "br"
            ? new System.IO.Compression.BrotliStream(compressed, System.IO.Compression.CompressionMode.Decompress)
            : new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionMode.Decompress);
        using var decoded = new MemoryStream();
        await decoder.CopyToAsync(decoded);
        Assert.Equal(identity, decoded.ToArray());
    }

    [Fact]
    public async Task EachCoding_HasItsOwnStrongETag()
    {
        using var client = NewClient();
        var tags = new List<string>();
        foreach (var coding in new[] { "identity", "gzip", "br" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/articles/piece", UriKind.Relative));
            request.Headers.TryAddWithoutValidation("Accept-Encoding", coding);
            using var response = await client.SendAsync(request);
            Assert.False(response.Headers.ETag!.IsWeak);
            tags.Add(response.Headers.ETag.Tag);
        }

        Assert.Equal(3, tags.Distinct().Count());
    }

    [Fact]
    public async Task ChangedFile_IsNeverServedStaleOnceReloaded()
    {
        using var client = NewClient();
        Assert.Equal("Original Title", (await Html.GetAsync(client, "/articles/piece")).QuerySelector("h1")!.TextContent);
        Assert.Equal("Original Title", (await Html.GetAsync(client, "/articles/piece")).QuerySelector("h1")!.TextContent);
        _content.Article("piece.md", "Revised Title", date: "2025-12-01");
        Store.Reload();
        Assert.Equal("Revised Title", (await Html.GetAsync(client, "/articles/piece")).QuerySelector("h1")!.TextContent);
    }

    [Fact]
    public async Task ScheduledPieceGoingLive_EvictsCachedHome()
    {
        using var client = NewClient();
        Assert.DoesNotContain("Scheduled Piece", (await Html.GetAsync(client, "/")).QuerySelector(".latest")!.TextContent, StringComparison.Ordinal);
        _clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Contains("Scheduled Piece", (await Html.GetAsync(client, "/")).QuerySelector(".latest")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CachedPage_AnswersIfNoneMatchWith304AndIsRevalidatedEveryTime()
    {
        using var client = NewClient();
        using var first = await client.GetAsync(new Uri("/articles/piece", UriKind.Relative));
        using var second = await client.GetAsync(new Uri("/articles/piece", UriKind.Relative));
        var etag = second.Headers.ETag!;
        Assert.Equal(first.Headers.ETag, etag);
        Assert.True(second.Headers.CacheControl!.Public);
        Assert.True(second.Headers.CacheControl.NoCache);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/articles/piece", UriKind.Relative));
        request.Headers.IfNoneMatch.Add(etag);
        using var revalidated = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
        Assert.Empty(await revalidated.Content.ReadAsByteArrayAsync());

        // Once the article changes, the old tag no longer matches.
        _content.Article("piece.md", "Revised Title", date: "2025-12-01");
        Store.Reload();
        using var changed = new HttpRequestMessage(HttpMethod.Get, new Uri("/articles/piece", UriKind.Relative));
        changed.Headers.IfNoneMatch.Add(etag);
        using var fresh = await client.SendAsync(changed);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.NotEqual(etag, fresh.Headers.ETag);
    }

    [Fact]
    public async Task SignupMessage_IsNeverShownToAnotherReader()
    {
        using var alice = NewClient();
        using var bob = NewClient();
        _ = await Html.GetAsync(bob, "/articles/piece");
        using var post = await Forms.SubmitAsync(alice, "/articles/piece", "form.newsletter-signup", new Dictionary<string, string> { ["email"] = "alice@example.com" });
        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        using var aliceResponse = await alice.GetAsync(new Uri("/articles/piece", UriKind.Relative));
        Assert.True(aliceResponse.Headers.CacheControl!.Private);
        Assert.True(aliceResponse.Headers.CacheControl.NoStore);
        var alicePage = await Html.GetDocumentAsync(aliceResponse);
        Assert.Equal(SignupService.SuccessMessage, alicePage.QuerySelector(".newsletter-status")!.TextContent);
        var bobPage = await Html.GetAsync(bob, "/articles/piece");
        Assert.Equal(string.Empty, bobPage.QuerySelector(".newsletter-status")!.TextContent);
        var alicePageAgain = await Html.GetAsync(alice, "/articles/piece");
        Assert.Equal(string.Empty, alicePageAgain.QuerySelector(".newsletter-status")!.TextContent);
    }

    [Fact]
    public async Task SearchAndErrors_AreNotCached()
    {
        using var client = NewClient();
        _ = await client.GetAsync(new Uri("/search?q=original", UriKind.Relative));
        _ = await client.GetAsync(new Uri("/articles/missing", UriKind.Relative));
        Assert.Equal(0, Cache.Count);
    }

    public void Dispose()
    {
        _factory.Dispose();
        _content.Dispose();
    }
}
