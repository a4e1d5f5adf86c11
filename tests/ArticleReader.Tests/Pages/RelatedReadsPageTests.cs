using System.Net;
using ArticleReader.Tests.Infrastructure;

namespace ArticleReader.Tests.Pages;

public sealed class RelatedReadsPageTests : IDisposable
{
    private readonly TempContent _content = new();
    private readonly SiteFactory _factory;
    private readonly HttpClient _client;

    public RelatedReadsPageTests()
    {
        var longBody = string.Join("\n\n", Enumerable.Range(1, 8).Select(i => $"Paragraph {i} of the piece on grain. " + string.Join(' ', Enumerable.Repeat("Ports and freight matter.", 12))));
        _content.Article("2025-01-01-base.md", "Base Piece", date: null, extra: "section: Europe\ntags: [Black Sea, Grain]\nauthor: Clara Wendt", body: longBody);
        _content.Article("2025-01-02-two-tags.md", "Two Tags", date: null, extra: "section: Africa\ntags: [Black Sea, Grain]", body: longBody);
        _content.Article("2025-01-03-one-tag.md", "One Tag", date: null, extra: "section: Asia\ntags: [Grain]", body: longBody);
        _content.Article("2025-01-04-section-only.md", "Section Only", date: null, extra: "section: Europe", body: longBody);
        _content.Article("2025-01-05-pinned.md", "Pinned Piece", date: null, extra: "section: Economy\nrelated: [section-only]\nnot_related: [two-tags]", body: longBody);
        _content.Article("2025-01-07-hidden-draft.md", "Hidden Draft", date: null, extra: "draft: true", body: longBody);
        _content.Article("2025-01-08-one-paragraph.md", "One Paragraph", date: null, body: "Nothing follows this single paragraph.");
        _content.Article("2025-01-06-brief.md", "A Brief", date: null, extra: "type: Brief\nsection: Europe\ntags: [Black Sea, Grain]");
        _factory = new SiteFactory(_content.Root);
        _client = _factory.CreateClient();
    }

    [Fact]
    public async Task Article_HasThreeRelatedCardsWithEveryHook()
    {
        var document = await Html.GetAsync(_client, "/articles/base");
        var cards = document.QuerySelectorAll("section.related-reads .teaser-card");
        Assert.Equal(["Two Tags", "One Tag", "Section Only"], cards.Select(c => c.QuerySelector(".teaser-title a")!.TextContent));
        foreach (var card in cards)
        {
            Assert.NotNull(card.QuerySelector(".teaser-section a"));
            Assert.NotNull(card.QuerySelector(".teaser-excerpt"));
            var toggle = card.QuerySelector("button.teaser-toggle")!;
            Assert.Equal("false", toggle.GetAttribute("aria-expanded"));
            var more = document.GetElementById(toggle.GetAttribute("aria-controls")!)!;
            Assert.Contains("teaser-more", more.ClassList);
            Assert.True(card.Contains(more));
            var slug = card.QuerySelector(".teaser-title a")!.GetAttribute("href")!["/articles/".Length..];
            Assert.Equal($"/teasers/{slug}", more.GetAttribute("data-src"));
            Assert.False(string.IsNullOrEmpty(card.GetAttribute("data-related-by")));
        }

        Assert.Equal("Black Sea, Grain", cards[0].GetAttribute("data-related-by"));
        Assert.Equal("Also about: Black Sea, Grain", cards[0].QuerySelector(".teaser-related-by")!.TextContent);
        Assert.Equal("Grain", cards[1].GetAttribute("data-related-by"));
        Assert.Equal("Europe", cards[2].GetAttribute("data-related-by"));
    }

    [Fact]
    public async Task Card_WithoutJavaScript_KeepReadingLeadsToTheArticle()
    {
        var document = await Html.GetAsync(_client, "/articles/base");
        var card = document.QuerySelector("section.related-reads .teaser-card")!;
        // The button is hidden until the script shows it; the link works without it.
        Assert.True(card.QuerySelector("button.teaser-toggle")!.HasAttribute("hidden"));
        Assert.True(card.QuerySelector(".teaser-more")!.HasAttribute("hidden"));
        var link = card.QuerySelector("a.teaser-keep-reading")!;
        Assert.Equal("/articles/two-tags", link.GetAttribute("href"));
        Assert.StartsWith("Keep reading", link.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExpandablePart_IsFetchedAndHoldsTheNextParagraphsAndAFullArticleLink()
    {
        var document = await Html.GetAsync(_client, "/articles/base");
        var more = document.QuerySelector("section.related-reads .teaser-more")!;
        Assert.Empty(more.ChildNodes);
        Assert.DoesNotContain("Paragraph 2 ", document.QuerySelector("section.related-reads")!.TextContent, StringComparison.Ordinal);

        using var response = await _client.GetAsync(new Uri(more.GetAttribute("data-src")!, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        var fragment = await Html.GetDocumentAsync(response);
        Assert.Null(fragment.QuerySelector("header, aside, footer, nav"));
        var paragraphs = fragment.Body!.QuerySelectorAll("p").Select(p => p.TextContent).ToArray();
        Assert.StartsWith("Paragraph 2 ", paragraphs[0], StringComparison.Ordinal);
        Assert.DoesNotContain(paragraphs, p => p.StartsWith("Paragraph 1 ", StringComparison.Ordinal));
        var full = fragment.QuerySelector(".teaser-full a")!;
        Assert.Equal("Read the full article", full.TextContent);
        Assert.Equal("/articles/two-tags", full.GetAttribute("href"));
    }

    [Fact]
    public async Task ExpandablePart_IsRevalidatedByETagLikeAPage()
    {
        using var first = await _client.GetAsync(new Uri("/teasers/base", UriKind.Relative));
        Assert.Equal("public, no-cache", first.Headers.CacheControl!.ToString());
        var etag = first.Headers.ETag!;
        Assert.False(etag.IsWeak);
        using var again = new HttpRequestMessage(HttpMethod.Get, new Uri("/teasers/base", UriKind.Relative));
        again.Headers.IfNoneMatch.Add(etag);
        using var second = await _client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
    }

    [Fact]
    public async Task ExpandablePart_AfterTheFileChanges_IsTheNewText()
    {
        var before = await _client.GetStringAsync(new Uri("/teasers/base", UriKind.Relative));
        Assert.Contains("Paragraph 2 of the piece on grain.", before, StringComparison.Ordinal);
        _content.Article("2025-01-01-base.md", "Base Piece", date: null, extra: "section: Europe\ntags: [Black Sea, Grain]\nauthor: Clara Wendt",
            body: "The opening paragraph stays.\n\nA rewritten second paragraph about rail freight.");
        Assert.True(await Html.EventuallyAsync(async () =>
            (await _client.GetStringAsync(new Uri("/teasers/base", UriKind.Relative))).Contains("A rewritten second paragraph", StringComparison.Ordinal)));
        Assert.DoesNotContain("Paragraph 2 of the piece", await _client.GetStringAsync(new Uri("/teasers/base", UriKind.Relative)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/teasers/no-such-piece")]
    [InlineData("/teasers/one-paragraph")]
    [InlineData("/teasers/hidden-draft")]
    public async Task ExpandablePart_OfAMissingArticleOrOneWithNothingMore_Is404(string path)
    {
        using var response = await _client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Pins_ComeFirstAndNotRelatedIsExcluded()
    {
        var document = await Html.GetAsync(_client, "/articles/pinned");
        var titles = document.QuerySelectorAll("section.related-reads .teaser-title a").Select(a => a.TextContent).ToArray();
        Assert.Equal("Section Only", titles[0]);
        Assert.DoesNotContain("Two Tags", titles);
        Assert.DoesNotContain("A Brief", titles);
        Assert.Equal(3, titles.Length);
    }

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
        _content.Dispose();
    }
}
