using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Xml.Linq;
using ArticleReader.Tests.Infrastructure;

namespace ArticleReader.Tests.Pages;

public sealed class FeedsAndMetadataTests(ReaderSiteFixture site) : IClassFixture<ReaderSiteFixture>
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    private static readonly XNamespace Content = "http://purl.org/rss/1.0/modules/content/";
    private static readonly XNamespace Dc = "http://purl.org/dc/elements/1.1/";
    private static readonly XNamespace Sitemap = "http://www.sitemaps.org/schemas/sitemap/0.9";

    private async Task<XDocument> Xml(string url, string mediaType)
    {
        using var response = await site.Client.GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType!.MediaType);
        return XDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Rss_HasNewestItemsWithEveryField()
    {
        var rss = await Xml("/feed.xml", "application/rss+xml");
        var items = rss.Descendants("item").ToArray();
        Assert.Equal("A Short Brief", items[0].Element("title")!.Value);
        items = items.Where(i => i.Element("title")!.Value == "The Newest Story").ToArray();
        Assert.Equal("https://meridian.example/articles/newest", items[0].Element("link")!.Value);
        Assert.Equal("The lead story's dek.", items[0].Element("description")!.Value);
        Assert.Equal("Priya Raman", items[0].Element(Dc + "creator")!.Value);
        Assert.Equal(["Asia-Pacific", "Grain"], items[0].Elements("category").Select(c => c.Value));
        Assert.Equal(DateTimeOffset.Parse("2025-01-07T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.Parse(items[0].Element("pubDate")!.Value, System.Globalization.CultureInfo.InvariantCulture));
        var body = items[0].Element(Content + "encoded")!.Value;
        Assert.Contains("<h2", body, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Secret Draft", rss.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Future Piece", rss.ToString(), StringComparison.Ordinal);
        Assert.InRange(rss.Descendants("item").Count(), 1, 20);
    }

    [Fact]
    public async Task Atom_HasEntriesWithAuthorsSummaryAndContent()
    {
        var atom = await Xml("/atom.xml", "application/atom+xml");
        var entry = atom.Root!.Elements(Atom + "entry").First(e => e.Element(Atom + "title")!.Value == "Chips and Controls");
        Assert.Equal(["Priya Raman", "Jonas Eklund"], entry.Elements(Atom + "author").Select(a => a.Element(Atom + "name")!.Value));
        Assert.Equal("https://meridian.example/articles/chips", entry.Element(Atom + "link")!.Attribute("href")!.Value);
        Assert.Equal("html", entry.Element(Atom + "content")!.Attribute("type")!.Value);
        Assert.NotNull(entry.Element(Atom + "summary"));
        Assert.NotNull(entry.Element(Atom + "published"));
    }

    [Theory]
    [InlineData("/sections/europe/feed.xml", "Europe")]
    [InlineData("/tags/grain/feed.xml", "Grain")]
    [InlineData("/authors/clara-wendt/feed.xml", "Clara Wendt")]
    public async Task ListingFeed_ContainsOnlyItsListing(string url, string name)
    {
        var rss = await Xml(url, "application/rss+xml");
        var links = rss.Descendants("item").Select(i => i.Element("link")!.Value.Split('/')[^1]).ToArray();
        Assert.NotEmpty(links);
        var expected = (await Html.GetAsync(site.Client, url.Replace("/feed.xml", "", StringComparison.Ordinal) + "?page=1")).QuerySelector("h1")!.TextContent;
        Assert.Equal(name, expected);
        foreach (var slug in links)
        {
            var article = await Html.GetAsync(site.Client, "/articles/" + slug);
            var labels = article.QuerySelectorAll(".article-label a, .article-tags a, .article-byline a").Select(a => a.TextContent);
            Assert.Contains(name, labels);
        }
    }

    [Fact]
    public async Task ListingAtomFeed_Exists()
    {
        var atom = await Xml("/tags/grain/atom.xml", "application/atom+xml");
        Assert.NotEmpty(atom.Root!.Elements(Atom + "entry"));
        using var unknown = await site.Client.GetAsync(new Uri("/tags/nothing/feed.xml", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Feed_AnswersConditionalGetWith304()
    {
        using var first = await site.Client.GetAsync(new Uri("/feed.xml", UriKind.Relative));
        var etag = first.Headers.ETag!;
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/feed.xml", UriKind.Relative));
        request.Headers.IfNoneMatch.Add(etag);
        using var second = await site.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        using var stale = new HttpRequestMessage(HttpMethod.Get, new Uri("/feed.xml", UriKind.Relative));
        stale.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"other\""));
        using var third = await site.Client.SendAsync(stale);
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
    }

    [Fact]
    public async Task Sitemap_ListsArticlesAndListingsWithLastmod()
    {
        var sitemap = await Xml("/sitemap.xml", "application/xml");
        var urls = sitemap.Descendants(Sitemap + "url").ToDictionary(u => u.Element(Sitemap + "loc")!.Value, u => u.Element(Sitemap + "lastmod")?.Value);
        Assert.Equal("2025-01-02T00:00:00Z", urls["https://meridian.example/articles/grain-ports"]);
        Assert.Contains("https://meridian.example/sections/europe", urls.Keys);
        Assert.Contains("https://meridian.example/tags/grain", urls.Keys);
        Assert.Contains("https://meridian.example/authors/clara-wendt", urls.Keys);
        Assert.Contains("https://meridian.example/", urls.Keys);
        Assert.DoesNotContain("https://meridian.example/articles/secret-draft", urls.Keys);
        Assert.All(urls.Values, Assert.NotNull);
    }

    [Fact]
    public async Task Robots_NamesSitemapAndDisallowsEditorSearchAndTeaserFragments()
    {
        var text = await site.Client.GetStringAsync(new Uri("/robots.txt", UriKind.Relative));
        var lines = text.Split('\n', StringSplitOptions.TrimEntries);
        Assert.Contains("Sitemap: https://meridian.example/sitemap.xml", lines);
        Assert.Contains("Disallow: /_editor/", lines);
        Assert.Contains("Disallow: /search", lines);
        Assert.Contains("Disallow: /teasers/", lines);
    }

    [Fact]
    public async Task ArticlePage_HasEverySharingTag()
    {
        var document = await Html.GetAsync(site.Client, "/articles/grain-ports");
        string? Meta(string selector) => document.QuerySelector(selector)?.GetAttribute("content");
        Assert.Equal("Grain Ports Under Pressure | The Meridian Review", document.Title);
        Assert.Equal("Why the ports matter.", Meta("meta[name=description]"));
        Assert.Equal("https://meridian.example/articles/grain-ports", document.QuerySelector("link[rel=canonical]")!.GetAttribute("href"));
        Assert.Equal("Grain Ports Under Pressure", Meta("meta[property='og:title']"));
        Assert.Equal("Why the ports matter.", Meta("meta[property='og:description']"));
        Assert.Equal("article", Meta("meta[property='og:type']"));
        Assert.Equal("https://meridian.example/media/images/lead.svg", Meta("meta[property='og:image']"));
        Assert.Equal("2025-01-02T00:00:00+00:00", Meta("meta[property='article:published_time']"));
        Assert.Equal("Europe", Meta("meta[property='article:section']"));
        Assert.Equal(["Grain", "Black Sea", "Олена Коваль"], document.QuerySelectorAll("meta[property='article:tag']").Select(m => m.GetAttribute("content")));
        Assert.Equal("summary_large_image", Meta("meta[name='twitter:card']"));
        Assert.Equal("Grain Ports Under Pressure", Meta("meta[name='twitter:title']"));
        Assert.NotNull(Meta("meta[name='twitter:image']"));
        Assert.NotNull(document.QuerySelector("link[rel=alternate][type='application/rss+xml'][href='https://meridian.example/feed.xml']"));
        Assert.NotNull(document.QuerySelector("link[rel=alternate][type='application/atom+xml']"));
    }

    [Fact]
    public async Task ArticlePage_JsonLdIsANewsArticle()
    {
        var document = await Html.GetAsync(site.Client, "/articles/chips");
        var script = document.QuerySelector("script[type='application/ld+json']")!;
        using var json = JsonDocument.Parse(script.TextContent);
        var root = json.RootElement;
        Assert.Equal("NewsArticle", root.GetProperty("@type").GetString());
        Assert.Equal("Chips and Controls", root.GetProperty("headline").GetString());
        Assert.False(string.IsNullOrEmpty(root.GetProperty("description").GetString()));
        Assert.Equal("https://meridian.example/og-default.png", root.GetProperty("image")[0].GetString());
        Assert.Equal("2025-01-03T00:00:00+00:00", root.GetProperty("datePublished").GetString());
        Assert.Equal("2025-01-03T00:00:00+00:00", root.GetProperty("dateModified").GetString());
        Assert.Equal(["Priya Raman", "Jonas Eklund"], root.GetProperty("author").EnumerateArray().Select(a => a.GetProperty("name").GetString()));
        Assert.Equal("The Meridian Review", root.GetProperty("publisher").GetProperty("name").GetString());
        Assert.Equal("https://meridian.example/articles/chips", root.GetProperty("mainEntityOfPage").GetProperty("@id").GetString());
    }

    [Fact]
    public async Task ListingPage_HasCanonicalTitleAndListingFeeds()
    {
        var document = await Html.GetAsync(site.Client, "/sections/europe?page=2");
        Assert.Equal("Europe, page 2 | The Meridian Review", document.Title);
        Assert.Equal("https://meridian.example/sections/europe?page=2", document.QuerySelector("link[rel=canonical]")!.GetAttribute("href"));
        Assert.Equal("website", document.QuerySelector("meta[property='og:type']")!.GetAttribute("content"));
        Assert.NotNull(document.QuerySelector("link[rel=alternate][href='https://meridian.example/sections/europe/feed.xml']"));
        Assert.Null(document.QuerySelector("script[type='application/ld+json']"));
    }

    [Fact]
    public async Task EveryPageKind_HasAUniqueTitle()
    {
        string[] urls = ["/", "/?page=2", "/articles/grain-ports", "/articles/chips", "/sections/europe", "/tags/grain", "/authors/clara-wendt", "/briefs"];
        var titles = new List<string>();
        foreach (var url in urls)
        {
            titles.Add((await Html.GetAsync(site.Client, url)).Title!);
        }

        Assert.Equal(titles.Count, titles.Distinct().Count());
    }
}
