using System.Net;
using System.Text;
using AngleSharp.Html.Parser;
using ArticleReader.Tests.Infrastructure;
using ArticleReader.Web.Content;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ArticleReader.Tests.Content;

/// <summary>Bodies are rendered on first use; readers and editors see what eager rendering gave them.</summary>
public sealed class ArticleBodyTests : IDisposable
{
    private readonly TempContent _content = new();

    public void Dispose() => _content.Dispose();

    public static TheoryData<string> SamplePaths()
    {
        var data = new TheoryData<string>();
        foreach (var path in ContentLoader.ArticlePaths(MarkdownTextTests.SampleContentRoot))
        {
            data.Add(path);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SamplePaths))]
    public void LazyBody_IsWhatEagerRenderingGave(string relativePath)
    {
        var bytes = File.ReadAllBytes(Path.Combine(MarkdownTextTests.SampleContentRoot, relativePath));
        var lazy = ArticleParser.Parse(relativePath, bytes).Article!;
        var eager = ArticleParser.Parse(relativePath, bytes, options: new ParseOptions { RenderNow = true }).Article!;
        Assert.False(lazy.Body.IsRendered);
        Assert.True(eager.Body.IsRendered);

        var folder = relativePath.Contains('/', StringComparison.Ordinal) ? relativePath[..relativePath.LastIndexOf('/')] : string.Empty;
        var direct = MarkdownRenderer.Render(SourceText.Split(SourceText.Decode(bytes, out _, out _)!).Body, folder);
        Assert.Equal(direct.Html, lazy.BodyHtml);
        Assert.Equal(direct.Excerpt, lazy.Excerpt);
        Assert.Equal(direct.MoreHtml, lazy.MoreHtml);
        Assert.Equal((eager.BodyHtml, eager.Excerpt, eager.MoreHtml), (lazy.BodyHtml, lazy.Excerpt, lazy.MoreHtml));
        Assert.True(lazy.Body.IsRendered);
        Assert.Equal(eager.Body, lazy.Body);
        Assert.Equal((eager.BodyText, eager.WordCount), (lazy.BodyText, lazy.WordCount));
    }

    [Fact]
    public async Task LazyBody_IsRenderedOnceWhenManyThreadsAskAtOnce()
    {
        var calls = 0;
        using var gate = new ManualResetEventSlim();
        RenderedBody Render(string markdown, string folder)
        {
            Interlocked.Increment(ref calls);
            gate.Wait(TimeSpan.FromSeconds(5));
            return MarkdownRenderer.Render(markdown, folder);
        }

        var article = Parse("Some *text* here.\n\nAnd more.", new ParseOptions { Render = Render });
        Assert.Equal(0, calls);
        var readers = Enumerable.Range(0, 8).Select(_ => Task.Run(() => article.BodyHtml)).ToArray();
        Thread.Sleep(100);
        gate.Set();
        var results = await Task.WhenAll(readers);
        Assert.Equal(1, calls);
        Assert.All(results, html => Assert.Same(results[0], html));
        Assert.Contains("<em>text</em>", results[0], StringComparison.Ordinal);
    }

    [Fact]
    public void LazyRenderFailure_ShowsTheTextEscapedAndTellsTheStore()
    {
        var failures = new List<(string Path, Exception Error)>();
        var article = Parse("A <b>bold</b> claim & more.\n\nSecond paragraph.", new ParseOptions
        {
            Render = (_, _) => throw new InvalidOperationException("renderer broke"),
            RenderFailed = (path, ex) => failures.Add((path, ex)),
        });

        var body = new HtmlParser().ParseDocument("<body>" + article.BodyHtml + "</body>").Body!;
        Assert.Equal(["A <b>bold</b> claim & more.", "Second paragraph."], body.Children.Select(p => p.TextContent));
        Assert.All(body.Children, p => Assert.Equal("p", p.LocalName));
        Assert.Empty(body.QuerySelectorAll("b"));
        Assert.Equal("A bold claim & more. Second paragraph.", article.Excerpt);
        var failure = Assert.Single(failures);
        Assert.Equal("a.md", failure.Path);
        Assert.IsType<InvalidOperationException>(failure.Error);
        _ = article.BodyHtml;
        Assert.Single(failures);
    }

    public static TheoryData<string, string> TooDeep() => new()
    {
        { "brackets", new string('[', 128) },
        { "quotes", new string('>', 128) + " x" },
        { "spaced quotes", string.Concat(Enumerable.Repeat("> ", 128)) + "x" },
        { "indented lists", string.Join("\n", Enumerable.Range(0, 64).Select(i => new string(' ', 2 * i) + "- x")) },
        { "inline lists", string.Concat(Enumerable.Repeat("1. ", 64)) + "x" },
        { "strong", new string('*', 255) + "x" + new string('*', 255) },
        { "emphasis", string.Concat(Enumerable.Repeat("_a ", 128)) + string.Concat(Enumerable.Repeat("b_ ", 128)) },
        { "images", string.Concat(Enumerable.Repeat("![a", 128)) + string.Concat(Enumerable.Repeat("](u)", 128)) },
        { "quotes and brackets", string.Concat(Enumerable.Repeat("> ", 64)) + new string('[', 64) },
        { "brackets and emphasis", string.Concat(Enumerable.Repeat("[_a ", 64)) + string.Concat(Enumerable.Repeat("b_ ", 64)) },
        { "a wide table", "|" + string.Concat(Enumerable.Repeat("a|", 5121)) + "\n|" + string.Concat(Enumerable.Repeat("-|", 5121)) + "\n|" + string.Concat(Enumerable.Repeat("*x*|", 5121)) },
    };

    [Theory]
    [MemberData(nameof(TooDeep))]
    public void MarkupPastMarkdigsDepthLimit_IsReportedAtLoad(string shape, string body)
    {
        // Each shape really is past the limit: rendering it throws.
        Assert.Throws<ArgumentException>(() => MarkdownRenderer.Render(body, string.Empty));
        Assert.True(MarkdownRenderer.MayBeTooDeep(body), shape);

        var result = ArticleParser.Parse("deep.md", Encoding.UTF8.GetBytes("---\ntitle: Deep\ndate: 2025-01-01\n---\n" + body + "\n"));
        Assert.Null(result.Article);
        var error = Assert.Single(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal(5, error.Line);
        Assert.Contains("nested too deeply", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TooDeep))]
    public void MarkupPastTheDepthLimit_LeavesLaterRendersIntact(string shape, string body)
    {
        // Markdig returns a renderer that threw inside an image's alt text to its pool with HTML
        // output off; before the pipeline was replaced, every later body lost its links and emphasis.
        Assert.Throws<ArgumentException>(() => MarkdownRenderer.Render(body, string.Empty));
        Assert.Throws<ArgumentException>(() => MarkdownRenderer.RenderIsolated(body, string.Empty));
        var after = new HtmlParser().ParseDocument("<body>" + MarkdownRenderer.Render("Some *text* and [a link](https://example.com).", string.Empty).Html + "</body>").Body!;
        Assert.True(after.QuerySelector("em")?.TextContent == "text", $"{shape}: {after.InnerHtml}");
        Assert.Equal("a link", after.QuerySelector("a[href='https://example.com']")?.TextContent);
    }

    [Fact]
    public void DepthCheck_PassesTheSampleArticles()
    {
        var flagged = ContentLoader.ArticlePaths(MarkdownTextTests.SampleContentRoot)
            .Where(path => MarkdownRenderer.MayBeTooDeep(SourceText.Split(File.ReadAllText(Path.Combine(MarkdownTextTests.SampleContentRoot, path))).Body))
            .ToArray();
        Assert.Empty(flagged);
        Assert.False(MarkdownRenderer.MayBeTooDeep(string.Concat(Enumerable.Repeat("> ", 4)) + new string('[', 4) + "x *y* _z_"));
    }

    [Fact]
    public async Task LazyRenderFailure_OnTheSite_GivesThePageWithItsText()
    {
        _content.Article("2025-01-01-broken.md", "Broken Piece", body: "The renderer fails on this *one* paragraph.\n\nA second paragraph.\n");
        _content.Article("2025-01-02-fine.md", "Fine Piece");
        using var factory = new SiteFactory(_content.Root, services: s =>
        {
            s.RemoveAll<ContentStore>();
            s.AddSingleton(provider => new ContentStore(_content.Root, 2 * 1024 * 1024, 3, TimeProvider.System, provider.GetRequiredService<ILogger<ContentStore>>(),
                (markdown, folder) => markdown.Contains("renderer fails", StringComparison.Ordinal) ? throw new InvalidOperationException("boom") : MarkdownRenderer.Render(markdown, folder)));
        });
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(new Uri("/articles/broken", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await Html.GetDocumentAsync(response);
        var paragraphs = document.QuerySelectorAll(".article-body p").Select(p => p.TextContent).ToArray();
        Assert.Equal(["The renderer fails on this *one* paragraph.", "A second paragraph."], paragraphs);

        using var home = await client.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        using var fine = await client.GetAsync(new Uri("/articles/fine", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, fine.StatusCode);
    }

    [Fact]
    public void ChangedFile_GetsANewBody_NotTheEarlierRendering()
    {
        _content.Article("2025-01-01-piece.md", "Piece", body: "Old words in the first version.\n");
        using var store = new ContentStore(_content.Root, 2 * 1024 * 1024, 3, TimeProvider.System, NullLogger<ContentStore>.Instance);
        var before = store.Reload().Find("piece")!;
        Assert.Contains("Old words", before.BodyHtml, StringComparison.Ordinal);

        _content.Article("2025-01-01-piece.md", "Piece", body: "New words in the second, longer version.\n");
        var after = store.Reload().Find("piece")!;
        Assert.NotSame(before.Body, after.Body);
        Assert.Contains("New words", after.BodyHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("Old words", after.BodyHtml, StringComparison.Ordinal);
        Assert.Contains("New words", after.Excerpt, StringComparison.Ordinal);
        Assert.Contains("Old words", before.BodyHtml, StringComparison.Ordinal);
    }

    private static Article Parse(string body, ParseOptions options) =>
        ArticleParser.Parse("a.md", Encoding.UTF8.GetBytes("---\ntitle: A\ndate: 2025-01-01\n---\n" + body), options: options).Article!;
}
