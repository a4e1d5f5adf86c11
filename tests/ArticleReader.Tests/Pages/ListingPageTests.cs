using System.Net;
using ArticleReader.Tests.Infrastructure;

namespace ArticleReader.Tests.Pages;

public sealed class ListingPageTests(ReaderSiteFixture site) : IClassFixture<ReaderSiteFixture>
{
    [Fact]
    public async Task Get_Home_ShowsNewestAsLeadThenCards()
    {
        var document = await Html.GetAsync(site.Client, "/");
        var lead = document.QuerySelector(".lead-story")!;
        Assert.Equal("The Newest Story", lead.QuerySelector(".lead-title a")!.TextContent);
        Assert.Equal("/articles/newest", lead.QuerySelector(".lead-title a")!.GetAttribute("href"));
        var titles = document.QuerySelectorAll(".card-list .teaser-card .teaser-title a").Select(a => a.TextContent).ToArray();
        // Page size 3 in tests; the lead is not repeated; briefs, drafts and future pieces stay out.
        Assert.Equal(["Buying Tanks", "The Corridor Holds", "Gulf Energy"], titles);
        Assert.Equal("/?page=2", document.QuerySelector("a[rel=next]")!.GetAttribute("href"));
        Assert.Null(document.QuerySelector("a[rel=prev]"));
    }

    [Fact]
    public async Task Get_HomePage2_HasPrevAndNext()
    {
        var document = await Html.GetAsync(site.Client, "/?page=2");
        Assert.Null(document.QuerySelector(".lead-story"));
        Assert.Equal(["Chips and Controls", "Grain Ports Under Pressure", "The Oldest Story"], document.QuerySelectorAll(".teaser-title a").Select(a => a.TextContent));
        Assert.Equal("/", document.QuerySelector("a[rel=prev]")!.GetAttribute("href"));
        Assert.Equal("/?page=3", document.QuerySelector("a[rel=next]")!.GetAttribute("href"));
    }

    [Fact]
    public async Task Get_Card_HasEveryTeaserHook()
    {
        var document = await Html.GetAsync(site.Client, "/tags/black-sea");
        var card = document.QuerySelectorAll(".teaser-card").First(c => c.QuerySelector(".teaser-title a")!.TextContent == "Grain Ports Under Pressure");
        Assert.Equal("/sections/europe", card.QuerySelector(".teaser-section a")!.GetAttribute("href"));
        Assert.Equal("/articles/grain-ports", card.QuerySelector(".teaser-title a")!.GetAttribute("href"));
        Assert.StartsWith("The first paragraph of Grain Ports", card.QuerySelector(".teaser-excerpt")!.TextContent, StringComparison.Ordinal);
        var toggle = card.QuerySelector("button.teaser-toggle")!;
        Assert.Equal("false", toggle.GetAttribute("aria-expanded"));
        var more = document.GetElementById(toggle.GetAttribute("aria-controls")!)!;
        Assert.Contains("teaser-more", more.ClassList);
        Assert.Same(more.ParentElement, card);
        Assert.Equal("/articles/grain-ports", card.QuerySelector("a.teaser-keep-reading")!.GetAttribute("href"));
        Assert.Equal("A port at dusk", card.QuerySelector(".teaser-image img")!.GetAttribute("alt"));
        Assert.Equal("Meridian graphics desk", card.QuerySelector(".teaser-image-credit")!.TextContent);
        Assert.Null(card.GetAttribute("data-related-by"));
    }

    [Theory]
    [InlineData("/sections/europe", "Europe", 5)]
    [InlineData("/tags/grain", "Grain", 5)]
    [InlineData("/authors/clara-wendt", "Clara Wendt", 3)]
    [InlineData("/tags/олена-коваль", "Олена Коваль", 1)]
    [InlineData("/authors/ірина-мельник", "Ірина Мельник", 2)]
    public async Task Get_Listing_ShowsItsArticles(string url, string name, int count)
    {
        var document = await Html.GetAsync(site.Client, url);
        Assert.Equal(name, document.QuerySelector("h1")!.TextContent);
        Assert.Contains($"{count} article", document.QuerySelector(".listing-count")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(Math.Min(3, count), document.QuerySelectorAll(".teaser-card").Length);
    }

    [Fact]
    public async Task Get_TagListing_MixesBriefsAndStories()
    {
        var document = await Html.GetAsync(site.Client, "/tags/grain?page=2");
        var all = (await Html.GetAsync(site.Client, "/tags/grain")).QuerySelectorAll(".teaser-title a").Select(a => a.TextContent)
            .Concat(document.QuerySelectorAll(".teaser-title a").Select(a => a.TextContent)).ToArray();
        Assert.Contains("A Short Brief", all);
        Assert.Contains("The Oldest Story", all);
        Assert.DoesNotContain("Secret Draft", all);
    }

    [Theory]
    [InlineData("/sections/nowhere")]
    [InlineData("/tags/unknown-tag")]
    [InlineData("/authors/nobody")]
    [InlineData("/?page=99")]
    [InlineData("/sections/europe?page=3")]
    public async Task Get_UnknownListingOrPageBeyondLast_Returns404(string url)
    {
        using var response = await site.Client.GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("/?page=abc")]
    [InlineData("/?page=-1")]
    [InlineData("/?page=0")]
    [InlineData("/?page=99999999999999999999")]
    [InlineData("/tags/grain?page=1.5")]
    public async Task Get_InvalidPageNumber_Returns400(string url)
    {
        using var response = await site.Client.GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var document = await Html.GetDocumentAsync(response);
        Assert.Contains("page number", document.QuerySelector(".error-page")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_Home_MastheadNavListsSections()
    {
        var document = await Html.GetAsync(site.Client, "/");
        var sections = document.QuerySelectorAll(".section-nav a").Select(a => a.GetAttribute("href")).ToArray();
        Assert.Contains("/sections/europe", sections);
        Assert.Contains("/sections/asia-pacific", sections);
    }
}
