using System.Net;
using ArticleReader.Tests.Infrastructure;

namespace ArticleReader.Tests.Pages;

public sealed class SearchPageTests : IDisposable
{
    private readonly TempContent _content = new();
    private readonly SiteFactory _factory;
    private readonly HttpClient _client;

    public SearchPageTests()
    {
        _content.Article("2025-01-01-body-only.md", "Harbour Notes", date: null, body: "The desalination plant by the harbour runs day and night.\n");
        _content.Article("2025-01-02-in-title.md", "Desalination Explained", date: null, body: "Water from the sea, made fresh.\n");
        _content.Article("2025-01-03-kyiv.md", "Київ і зерно", date: null, extra: "tags: [Олена Коваль]", body: "Порти Одеси працюють.\n");
        _content.Article("2025-01-04-zurich.md", "Talks in Zürich", date: null, body: "Negotiators met in Zürich for sanctions talks.\n");
        _content.Article("2025-01-05-draft.md", "Desalination Draft", date: null, extra: "draft: true");
        _content.Article("2025-01-06-script.md", "The <script> problem", date: null, body: "Quoting <b>markup</b> in text about scripts.\n");
        _factory = new SiteFactory(_content.Root, new Dictionary<string, string?> { ["Site:PageSize"] = "1" });
        _client = _factory.CreateClient();
    }

    private async Task<AngleSharp.Html.Dom.IHtmlDocument> Search(string query, int page = 1) =>
        await Html.GetAsync(_client, $"/search?q={Uri.EscapeDataString(query)}" + (page > 1 ? $"&page={page}" : string.Empty));

    private static string[] Titles(AngleSharp.Html.Dom.IHtmlDocument document) =>
        document.QuerySelectorAll(".search-results .teaser-title a").Select(a => a.TextContent).ToArray();

    [Fact]
    public async Task Search_TitleMatch_RanksAboveBodyMatch()
    {
        var first = await Search("desalination");
        Assert.Equal(["Desalination Explained"], Titles(first));
        Assert.Equal("2 results", first.QuerySelector(".search-count")!.TextContent);
        var second = await Search("desalination", 2);
        Assert.Equal(["Harbour Notes"], Titles(second));
    }

    [Fact]
    public async Task Search_Cyrillic_FindsCyrillicTitleAndTag()
    {
        Assert.Equal(["Київ і зерно"], Titles(await Search("київ")));
        Assert.Equal(["Київ і зерно"], Titles(await Search("Коваль")));
    }

    [Fact]
    public async Task Search_Diacritics_AreFoldedBothWays()
    {
        Assert.Equal(["Talks in Zürich"], Titles(await Search("zurich")));
        Assert.Equal(["Talks in Zürich"], Titles(await Search("ZÜRICH")));
    }

    [Fact]
    public async Task Search_LastWordPrefix_Matches()
    {
        Assert.Equal(["Talks in Zürich"], Titles(await Search("sanct")));
        Assert.Equal(["Desalination Explained"], Titles(await Search("desal")));
    }

    [Fact]
    public async Task Search_Highlighting_MarksWordsAndNeverReflectsRawHtml()
    {
        var document = await Search("desalination");
        Assert.Equal("Desalination", document.QuerySelector(".search-results .teaser-title mark")!.TextContent);

        var hostile = await Search("<script>alert(1)</script> script");
        Assert.Empty(hostile.QuerySelectorAll("main script"));
        var title = hostile.QuerySelector(".search-results .teaser-title a")!;
        Assert.Equal("The <script> problem", title.TextContent);
        Assert.Equal("script", title.QuerySelector("mark")!.TextContent);
        Assert.Equal("Results for “<script>alert(1)</script> script”", hostile.QuerySelector("h1")!.TextContent);
    }

    [Fact]
    public async Task Search_Drafts_NeverAppear()
    {
        var all = Titles(await Search("desalination")).Concat(Titles(await Search("desalination", 2))).ToArray();
        Assert.DoesNotContain("Desalination Draft", all);
    }

    [Fact]
    public async Task Search_EmptyQuery_ShowsHelp()
    {
        var document = await Html.GetAsync(_client, "/search");
        Assert.Equal("Search the site", document.QuerySelector("h1")!.TextContent);
        Assert.NotNull(document.QuerySelector(".search-help a[href*='/search?q=']"));
        Assert.Equal("noindex", document.QuerySelector("meta[name=robots]")!.GetAttribute("content"));
    }

    [Fact]
    public async Task Search_NoMatch_SaysSo()
    {
        var document = await Search("zzzzqqq");
        Assert.Equal("0 results", document.QuerySelector(".search-count")!.TextContent);
        Assert.Contains("Nothing matched", document.QuerySelector(".search-help")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_PagePastLast_Returns404AndPaginationKeepsQuery()
    {
        var first = await Search("desalination");
        Assert.Equal("/search?q=desalination&page=2", first.QuerySelector("a[rel=next]")!.GetAttribute("href"));
        using var beyond = await _client.GetAsync(new Uri("/search?q=desalination&page=3", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, beyond.StatusCode);
    }

    [Fact]
    public async Task EveryPage_HasSearchBoxInHeader()
    {
        var document = await Html.GetAsync(_client, "/");
        var form = document.QuerySelector("header form[role=search]")!;
        Assert.Equal("/search", form.GetAttribute("action"));
        Assert.NotNull(form.QuerySelector("input[type=search][name=q]"));
    }

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
        _content.Dispose();
    }
}
