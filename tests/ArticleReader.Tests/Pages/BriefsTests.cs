using System.Net;
using ArticleReader.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace ArticleReader.Tests.Pages;

public sealed class BriefsTests : IDisposable
{
    private readonly TempContent _content = new();
    private readonly FakeTimeProvider _clock = SiteFactory.Clock("2026-11-26T12:00:00Z");
    private readonly SiteFactory _factory;
    private readonly HttpClient _client;

    public BriefsTests()
    {
        _content.Article("2026-11-01-story-one.md", "Story One", date: null, extra: "tags: [Grain]\nsection: Europe");
        _content.Article("2026-11-02-story-two.md", "Story Two", date: null, extra: "tags: [Grain]\nsection: Europe");
        for (var i = 1; i <= 7; i++)
        {
            var extra = "type: brief\nsection: Europe\ntags: [Grain]" + (i == 7 ? "\nsource_url: https://example.org/source\nsource_name: Example Agency" : string.Empty);
            _content.Article($"briefs/b{i}.md", $"Brief {i}", date: $"2026-11-26 {i + 3:00}:00", extra: extra, body: $"Brief number {i} says what happened in a few words.\n");
        }

        _factory = new SiteFactory(_content.Root, time: _clock);
        _client = _factory.CreateClient();
    }

    [Fact]
    public async Task Home_StripShowsFiveNewestBriefsInOrder()
    {
        var document = await Html.GetAsync(_client, "/");
        var strip = document.QuerySelector("main section.briefs")!;
        Assert.Equal(["Brief 7", "Brief 6", "Brief 5", "Brief 4", "Brief 3"], strip.QuerySelectorAll(".brief .brief-title a").Select(a => a.TextContent));
        var first = strip.QuerySelector(".brief")!;
        Assert.Equal("/articles/b7", first.QuerySelector(".brief-title a")!.GetAttribute("href"));
        Assert.Contains("Brief number 7", first.QuerySelector(".brief-body")!.TextContent, StringComparison.Ordinal);
        var time = first.QuerySelector(".brief-time time[datetime]")!;
        Assert.Equal("2026-11-26T10:00:00+00:00", time.GetAttribute("datetime"));
        Assert.Equal("2 hours ago", time.TextContent);
        Assert.Equal("26 November 2026, 10:00 UTC", time.GetAttribute("title"));
    }

    [Fact]
    public async Task Home_StripSitsUnderTheLeadStory()
    {
        var document = await Html.GetAsync(_client, "/");
        var lead = document.QuerySelector(".lead-story")!;
        Assert.Equal("Story Two", lead.QuerySelector(".lead-title")!.TextContent.Trim());
        Assert.True(lead.NextElementSibling!.ClassList.Contains("briefs"));
    }

    [Fact]
    public async Task Sidebar_StripShowsThreeUnderLatest()
    {
        var document = await Html.GetAsync(_client, "/articles/story-one");
        var sidebar = document.QuerySelector("aside.sidebar")!;
        var strip = sidebar.QuerySelector("section.briefs")!;
        Assert.Equal(["Brief 7", "Brief 6", "Brief 5"], strip.QuerySelectorAll(".brief-title a").Select(a => a.TextContent));
        Assert.Same(sidebar.QuerySelector(".latest")!.NextElementSibling, strip);
    }

    [Fact]
    public async Task RelativeTime_FollowsTheClock()
    {
        _clock.Advance(TimeSpan.FromDays(2));
        var document = await Html.GetAsync(_client, "/articles/story-one");
        Assert.Equal("2 days ago", document.QuerySelector("aside .brief-time time")!.TextContent);
    }

    [Fact]
    public async Task Briefs_AreKeptOutOfLatestAndHomeCards()
    {
        var document = await Html.GetAsync(_client, "/");
        Assert.DoesNotContain(document.QuerySelectorAll(".latest a"), a => a.TextContent.StartsWith("Brief", StringComparison.Ordinal));
        Assert.DoesNotContain(document.QuerySelectorAll(".teaser-title a"), a => a.TextContent.StartsWith("Brief", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Briefs_AreKeptOutOfComputedRelatedReads()
    {
        var document = await Html.GetAsync(_client, "/articles/story-one");
        var titles = document.QuerySelectorAll("section.related-reads .teaser-title a").Select(a => a.TextContent).ToArray();
        Assert.Equal(["Story Two"], titles);
    }

    [Fact]
    public async Task BriefsPage_IsPaginatedNewestFirst()
    {
        var first = await Html.GetAsync(_client, "/briefs");
        Assert.Equal(["Brief 7", "Brief 6", "Brief 5"], first.QuerySelectorAll("main .brief-title a").Select(a => a.TextContent));
        Assert.Equal("/briefs?page=2", first.QuerySelector("a[rel=next]")!.GetAttribute("href"));
        var last = await Html.GetAsync(_client, "/briefs?page=3");
        Assert.Equal(["Brief 1"], last.QuerySelectorAll("main .brief-title a").Select(a => a.TextContent));
        Assert.Null(last.QuerySelector("a[rel=next]"));
        using var beyond = await _client.GetAsync(new Uri("/briefs?page=4", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, beyond.StatusCode);
    }

    [Fact]
    public async Task Brief_WithSourceUrl_RendersSafeExternalLink()
    {
        var document = await Html.GetAsync(_client, "/");
        var link = document.QuerySelector("main .brief .brief-source a")!;
        Assert.Equal("https://example.org/source", link.GetAttribute("href"));
        Assert.Equal("noopener", link.GetAttribute("rel"));
        Assert.Equal("Example Agency", link.TextContent);
    }

    [Fact]
    public async Task TagPage_MixesBriefsAndStories()
    {
        var document = await Html.GetAsync(_client, "/tags/grain?page=3");
        Assert.Contains(document.QuerySelectorAll(".teaser-title a"), a => a.TextContent.StartsWith("Story", StringComparison.Ordinal));
        var first = await Html.GetAsync(_client, "/tags/grain");
        Assert.Contains(first.QuerySelectorAll(".teaser-title a"), a => a.TextContent.StartsWith("Brief", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
        _content.Dispose();
    }
}
