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
    public async Task SecondRequest_IsServedFromCacheWithEachReadersOwnToken()
    {
        using var alice = NewClient();
        using var bob = NewClient();
        var first = await Html.GetAsync(alice, "/articles/piece");
        Assert.Equal(1, Cache.Count);
        var second = await Html.GetAsync(bob, "/articles/piece");
        Assert.Equal(1, Cache.Count);
        Assert.Equal(first.QuerySelector("h1")!.TextContent, second.QuerySelector("h1")!.TextContent);
        var aliceToken = first.QuerySelector("form.newsletter-signup input[name=__RequestVerificationToken]")!.GetAttribute("value");
        var bobToken = second.QuerySelector("form.newsletter-signup input[name=__RequestVerificationToken]")!.GetAttribute("value");
        Assert.NotEqual(aliceToken, bobToken);

        // Both readers can sign up from the cached page: each token matches its own cookie.
        using var a = await Forms.SubmitAsync(alice, "/articles/piece", "form.newsletter-signup", new Dictionary<string, string> { ["email"] = "alice@example.com" }, json: true);
        using var b = await Forms.SubmitAsync(bob, "/articles/piece", "form.newsletter-signup", new Dictionary<string, string> { ["email"] = "bob@example.com" }, json: true);
        Assert.Equal(HttpStatusCode.OK, a.StatusCode);
        Assert.Equal(HttpStatusCode.OK, b.StatusCode);
        var stored = _factory.Services.GetRequiredService<ISubscriberStore>().ReadAllAsync(CancellationToken.None).ToBlockingEnumerable().Select(r => r.Email).Order().ToArray();
        Assert.Equal(["alice@example.com", "bob@example.com"], stored);
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
    public async Task CachedPage_AnswersIfNoneMatchWith304AndIsNotForSharedCaches()
    {
        using var client = NewClient();
        using var first = await client.GetAsync(new Uri("/articles/piece", UriKind.Relative));
        using var second = await client.GetAsync(new Uri("/articles/piece", UriKind.Relative));
        var etag = second.Headers.ETag!;
        Assert.Equal(first.Headers.ETag, etag);
        Assert.True(second.Headers.CacheControl!.Private);
        Assert.True(second.Headers.CacheControl.NoCache);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/articles/piece", UriKind.Relative));
        request.Headers.IfNoneMatch.Add(etag);
        using var revalidated = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
    }

    [Fact]
    public async Task SignupMessage_IsNeverShownToAnotherReader()
    {
        using var alice = NewClient();
        using var bob = NewClient();
        _ = await Html.GetAsync(bob, "/articles/piece");
        using var post = await Forms.SubmitAsync(alice, "/articles/piece", "form.newsletter-signup", new Dictionary<string, string> { ["email"] = "alice@example.com" });
        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        var alicePage = await Html.GetAsync(alice, "/articles/piece");
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
