using AngleSharp.Html.Parser;
using ArticleReader.Web.Content;

namespace ArticleReader.Tests.Content;

public sealed class MarkdownRendererTests
{
    private static AngleSharp.Dom.IElement Body(string markdown, string folder = "")
    {
        var html = MarkdownRenderer.Render(markdown, folder).Html;
        return new HtmlParser().ParseDocument("<body>" + html + "</body>").Body!;
    }

    [Fact]
    public void Render_ScriptTag_IsRemoved() =>
        Assert.Empty(Body("Hello\n\n<script>alert(1)</script>\n\nafter").QuerySelectorAll("script"));

    [Fact]
    public void Render_EventHandler_IsRemoved()
    {
        var body = Body("<img src=\"x.png\" onerror=\"alert(1)\">");
        var image = Assert.Single(body.QuerySelectorAll("img"));
        Assert.False(image.HasAttribute("onerror"));
    }

    [Fact]
    public void Render_JavascriptLinkInHtml_IsRemoved() =>
        Assert.DoesNotContain(Body("<a href=\"javascript:alert(1)\">x</a>").QuerySelectorAll("a"), a => (a.GetAttribute("href") ?? "").Contains("javascript", StringComparison.OrdinalIgnoreCase));

    [Fact]
    public void Render_JavascriptLinkInMarkdown_IsRemoved() =>
        Assert.DoesNotContain(Body("[click](javascript:alert(1))").QuerySelectorAll("a"), a => (a.GetAttribute("href") ?? "").Contains("javascript", StringComparison.OrdinalIgnoreCase));

    [Fact]
    public void Render_Iframe_IsRemoved() =>
        Assert.Empty(Body("<iframe src=\"https://evil.example\"></iframe>").QuerySelectorAll("iframe"));

    [Fact]
    public void Render_SafeMarkup_IsKept()
    {
        var body = Body("""
            ## A heading

            > A quote

            | a | b |
            |---|---|
            | 1 | 2 |

            Text with a note.[^1] ~~gone~~ and <em>html emphasis</em>.

            [^1]: The note.
            """);
        Assert.NotNull(body.QuerySelector("h2#a-heading"));
        Assert.NotNull(body.QuerySelector("blockquote"));
        Assert.NotNull(body.QuerySelector("table td"));
        Assert.NotNull(body.QuerySelector(".footnotes"));
        Assert.NotNull(body.QuerySelector("del"));
        Assert.NotNull(body.QuerySelector("em"));
    }

    [Fact]
    public void Render_ExternalLink_GetsNoopener() =>
        Assert.Contains("noopener", Body("[x](https://example.org)").QuerySelector("a")!.GetAttribute("rel"), StringComparison.Ordinal);

    [Fact]
    public void Render_InternalLink_HasNoRel() =>
        Assert.Null(Body("[x](/articles/y)").QuerySelector("a")!.GetAttribute("rel"));

    [Fact]
    public void Render_Images_AreLazyAndAsyncAndResolvedUnderMedia()
    {
        var image = Body("![A chart](chart.png)", "europe").QuerySelector("img")!;
        Assert.Equal("lazy", image.GetAttribute("loading"));
        Assert.Equal("async", image.GetAttribute("decoding"));
        Assert.Equal("/media/europe/chart.png", image.GetAttribute("src"));
    }

    [Fact]
    public void Render_LongFirstParagraph_IsCutAtSentenceEndNear60Words()
    {
        var sentence = "This sentence has exactly ten words in it for testing. ";
        var paragraph = string.Concat(Enumerable.Repeat(sentence, 12));
        var rendered = MarkdownRenderer.Render(paragraph + "\n\nSecond paragraph.", string.Empty);
        var words = MarkdownRenderer.CountWords(rendered.Excerpt);
        Assert.Equal(60, words);
        Assert.EndsWith(".", rendered.Excerpt, StringComparison.Ordinal);
        Assert.Contains("Second paragraph.", rendered.MoreHtml, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_MoreHtml_HoldsFollowingParagraphsUpToAbout250Words()
    {
        var paragraphs = Enumerable.Range(1, 12).Select(i => $"Paragraph {i} " + string.Join(' ', Enumerable.Repeat("word", 48)) + ".");
        var rendered = MarkdownRenderer.Render(string.Join("\n\n", paragraphs), string.Empty);
        Assert.StartsWith("Paragraph 1 ", rendered.Excerpt, StringComparison.Ordinal);
        var more = new HtmlParser().ParseDocument("<body>" + rendered.MoreHtml + "</body>").Body!;
        var moreWords = MarkdownRenderer.CountWords(more.TextContent);
        Assert.InRange(moreWords, 200, 300);
        Assert.StartsWith("Paragraph 2 ", more.QuerySelector("p")!.TextContent, StringComparison.Ordinal);
    }
}
