using System.Net;
using ArticleReader.Tests.Infrastructure;

namespace ArticleReader.Tests.Pages;

public sealed class ArticlePageTests(ReaderSiteFixture site) : IClassFixture<ReaderSiteFixture>
{
    [Fact]
    public async Task Get_Article_HasEveryMarkupHook()
    {
        var document = await Html.GetAsync(site.Client, "/articles/grain-ports");
        var article = document.QuerySelector("article.article")!;
        Assert.NotNull(article);
        Assert.Equal("Grain Ports Under Pressure", article.QuerySelector("h1")!.TextContent);
        Assert.Equal("Why the ports matter.", article.QuerySelector(".article-dek")!.TextContent);
        var label = article.QuerySelector(".article-label")!;
        Assert.Equal("Analysis | Europe", label.TextContent.Trim());
        Assert.Equal("/sections/europe", label.QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal(["Grain", "Black Sea", "Олена Коваль"], article.QuerySelectorAll(".article-tags a").Select(a => a.TextContent));
        Assert.Equal("/tags/%D0%BE%D0%BB%D0%B5%D0%BD%D0%B0-%D0%BA%D0%BE%D0%B2%D0%B0%D0%BB%D1%8C", article.QuerySelectorAll(".article-tags a")[2].GetAttribute("href"));
        var byline = article.QuerySelector(".article-byline")!;
        Assert.Equal("2025-01-02T00:00:00+00:00", byline.QuerySelector("time[datetime]")!.GetAttribute("datetime"));
        Assert.Equal("/authors/clara-wendt", byline.QuerySelector("a")!.GetAttribute("href"));
        Assert.NotNull(byline.QuerySelector(".article-reading-time"));
        var figure = article.QuerySelector("figure.article-image")!;
        Assert.Equal("A port at dusk", figure.QuerySelector("img[alt]")!.GetAttribute("alt"));
        Assert.Equal("/media/images/lead.svg", figure.QuerySelector("img")!.GetAttribute("src"));
        Assert.Contains("Meridian graphics desk", figure.QuerySelector(".article-image-credit")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(article.QuerySelector(".article-body p"));
        // The label is repeated after the body.
        Assert.Equal(2, article.QuerySelectorAll(".article-label").Length);
        Assert.NotNull(article.QuerySelector(".article-body ~ footer .article-label"));
    }

    [Fact]
    public async Task Get_Article_HasSidebarWithLatestNewsletterAndSocial()
    {
        var document = await Html.GetAsync(site.Client, "/articles/grain-ports");
        var sidebar = document.QuerySelector("aside.sidebar")!;
        Assert.Equal(5, sidebar.QuerySelectorAll(".latest a").Length);
        Assert.Equal("The Newest Story", sidebar.QuerySelector(".latest a")!.TextContent);
        Assert.DoesNotContain(sidebar.QuerySelectorAll(".latest a"), a => a.TextContent == "A Short Brief");
        var form = sidebar.QuerySelector("form.newsletter-signup")!;
        Assert.Equal("post", form.GetAttribute("method"));
        Assert.Equal("/newsletter", form.GetAttribute("action"));
        var email = form.QuerySelector("input[name=email]")!;
        Assert.Equal("email", email.GetAttribute("type"));
        Assert.Equal("email", email.GetAttribute("autocomplete"));
        Assert.NotNull(form.QuerySelector("label[for=newsletter-email]"));
        Assert.NotNull(form.QuerySelector("button[type=submit]"));
        Assert.NotEmpty(sidebar.QuerySelectorAll(".social-links a[href^='https://']"));
    }

    [Fact]
    public async Task Get_Article_BodyIsSanitized()
    {
        var document = await Html.GetAsync(site.Client, "/articles/newest");
        Assert.Empty(document.QuerySelectorAll(".article-body script"));
        Assert.NotNull(document.QuerySelector(".article-body h2"));
    }

    [Fact]
    public async Task Get_Article_HasRelatedReadsSection()
    {
        var document = await Html.GetAsync(site.Client, "/articles/grain-ports");
        var related = document.QuerySelector("section.related-reads")!;
        Assert.Equal(3, related.QuerySelectorAll(".teaser-card").Length);
    }

    [Fact]
    public async Task Get_UnknownArticle_Returns404PageThatHelps()
    {
        using var response = await site.Client.GetAsync(new Uri("/articles/no-such-thing", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var document = await Html.GetDocumentAsync(response);
        Assert.Equal("Page not found", document.QuerySelector("h1")!.TextContent);
        Assert.NotNull(document.QuerySelector(".error-page a[href='/']"));
        Assert.NotEmpty(document.QuerySelectorAll(".error-latest a"));
    }

    [Fact]
    public async Task Get_DraftArticle_Returns404()
    {
        using var response = await site.Client.GetAsync(new Uri("/articles/secret-draft", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Get_FutureArticle_Returns404()
    {
        using var response = await site.Client.GetAsync(new Uri("/articles/future-piece", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Get_CollidingSlugs_OlderKeepsSlugNewerGetsDate()
    {
        var older = await Html.GetAsync(site.Client, "/articles/survey");
        Assert.Equal("Survey 2019", older.QuerySelector("h1")!.TextContent);
        var newer = await Html.GetAsync(site.Client, "/articles/survey-2021-05-03");
        Assert.Equal("Survey 2021", newer.QuerySelector("h1")!.TextContent);
    }

    [Fact]
    public async Task Get_Brief_ShowsSafeSourceLink()
    {
        var document = await Html.GetAsync(site.Client, "/articles/brief");
        var link = document.QuerySelector(".article-source a")!;
        Assert.Equal("https://example.org/release", link.GetAttribute("href"));
        Assert.Contains("noopener", link.GetAttribute("rel"), StringComparison.Ordinal);
        Assert.Equal("Example Ministry", link.TextContent);
    }

    [Fact]
    public async Task Get_Media_ServesImageNextToArticles()
    {
        using var response = await site.Client.GetAsync(new Uri("/media/images/lead.svg", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType!.MediaType);
    }

    [Theory]
    [InlineData("/media/2025-01-01-oldest.md")]
    [InlineData("/media/notes.txt")]
    [InlineData("/media/.hidden.md")]
    [InlineData("/media/../../etc/passwd")]
    [InlineData("/media/%2e%2e/%2e%2e/etc/hostname.png")]
    [InlineData("/media/images/missing.png")]
    public async Task Get_MediaOutsideAllowedFiles_Returns404(string path)
    {
        using var response = await site.Client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Get_Healthz_Returns200WhenLoaded()
    {
        using var response = await site.Client.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
