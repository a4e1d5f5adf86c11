using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using ArticleReader.Tests.Infrastructure;
using ArticleReader.Web.Content;
using ArticleReader.Web.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace ArticleReader.Tests.Pages;

/// <summary>Cached pages lose their indentation, never a visible space or a preformatted character.</summary>
public sealed partial class HtmlWhitespaceTests
{
    private static string Collapse(string html) => Encoding.UTF8.GetString(HtmlWhitespace.Collapse(Encoding.UTF8.GetBytes(html)));

    [Theory]
    [InlineData("<ul>\n    <li>a</li>\n    <li>b</li>\n</ul>", "<ul>\n<li>a</li>\n<li>b</li>\n</ul>")]
    [InlineData("<p>one\n\n\t  two</p>", "<p>one\ntwo</p>")]
    [InlineData("<p>spaces  stay   without a break</p>", "<p>spaces  stay   without a break</p>")]
    [InlineData("<a>x</a> <a>y</a>", "<a>x</a> <a>y</a>")]
    [InlineData("\r\n  <p>crlf</p>  \r\n", "\n<p>crlf</p>\n")]
    [InlineData("<div>\n  <pre><code>fn main() {\n    let x = 1;\n\n    x\n}\n</code></pre>\n  </div>", "<div>\n<pre><code>fn main() {\n    let x = 1;\n\n    x\n}\n</code></pre>\n</div>")]
    [InlineData("<PRE class=\"x\">\n  a\n    b</PRE >\n  <p>c</p>", "<PRE class=\"x\">\n  a\n    b</PRE >\n<p>c</p>")]
    [InlineData("<textarea name=\"t\">\n  kept\n  </textarea>\n  <p>c</p>", "<textarea name=\"t\">\n  kept\n  </textarea>\n<p>c</p>")]
    [InlineData("<preload>\n  x</preload>", "<preload>\nx</preload>")]
    [InlineData("<pre>\n  never closed\n    ", "<pre>\n  never closed\n    ")]
    [InlineData("", "")]
    [InlineData("<a title=\"one\n    two\" href=\"/x\n    y\">\n  link</a>", "<a title=\"one\n    two\" href=\"/x\n    y\">\nlink</a>")]
    [InlineData("<p title='<pre>'>\n  a</p>\n  <pre>\n  b</pre>", "<p title='<pre>'>\na</p>\n<pre>\n  b</pre>")]
    [InlineData("<pre>\n  a<pre>\n  b</pre>\n  c</pre>\n  d", "<pre>\n  a<pre>\n  b</pre>\n  c</pre>\nd")]
    [InlineData("<!-- a\n    comment -->\n  <p>x</p>", "<!-- a\n    comment -->\n<p>x</p>")]
    [InlineData("<p>1 < 2\n    and 3 > 2</p>", "<p>1 < 2\nand 3 > 2</p>")]
    [InlineData("<pre><span title=\"</pre>\">\n  x</span>\n  y</pre>\n  z", "<pre><span title=\"</pre>\">\n  x</span>\n  y</pre>\nz")]
    public void Collapse_DropsIndentationOnly(string html, string expected) => Assert.Equal(expected, Collapse(html));

    [Fact]
    public void Collapse_KeepsEveryOtherByte_OfNonAsciiText() =>
        Assert.Equal("<p>Олена Коваль —\n«ціни»</p>", Collapse("<p>Олена Коваль —\n        «ціни»</p>"));

    [Fact]
    public async Task CachedArticle_KeepsItsCodeBlockExactly_AndLosesItsIndentation()
    {
        using var content = new TempContent();
        const string code = "fn main() {\n    let indented = \"two  spaces\";\n\n        println!(\"{indented}\");\n}";
        content.Article("code.md", "Code", body: $"Before the code.\n\n```rust\n{code}\n```\n\nAfter the code.\n");
        using var site = new SiteFactory(content.Root);
        using var client = site.CreateClient();
        for (var i = 0; i < 2; i++)
        {
            // The first answer is rendered and stored, the second comes from the cache.
            using var response = await client.GetAsync(new Uri("/articles/code", UriKind.Relative));
            var html = await response.Content.ReadAsStringAsync();
            var document = new HtmlParser().ParseDocument(html);
            Assert.Equal(code + "\n", document.QuerySelector("pre code")!.TextContent);
            Assert.DoesNotMatch(IndentedTag(), html.Replace(document.QuerySelector("pre")!.OuterHtml, string.Empty, StringComparison.Ordinal));
            Assert.Contains("After the code.", document.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// Every post of the real corpus (code blocks, tables, raw HTML): the collapsed body is the
    /// same tree, its text the same once whitespace is collapsed as a browser does, its
    /// preformatted text the same to the byte.
    /// </summary>
    [Fact]
    [Trait("Category", "Corpus")]
    public void Corpus_EveryRenderedBody_IsTheSameDocumentAfterCollapse()
    {
        var root = ArticleReader.Tests.Content.CorpusTests.CorpusRoot;
        Assert.True(Directory.Exists(root), $"corpus folder {root} is missing");
        using var store = new ContentStore(root, 2 * 1024 * 1024, 3, TimeProvider.System, NullLogger<ContentStore>.Instance);
        var articles = store.Reload().All;
        Assert.Equal(566, articles.Count);
        var parser = new HtmlParser();
        var withPre = 0;
        foreach (var article in articles)
        {
            var body = article.BodyHtml;
            var before = parser.ParseDocument(body);
            var after = parser.ParseDocument(Collapse(body));
            AssertSameTree(before.Body!, after.Body!, article.Body.SourcePath);
            withPre += before.QuerySelectorAll("pre").Length > 0 ? 1 : 0;
        }

        // The corpus does exercise preformatted text.
        Assert.True(withPre > 100, $"only {withPre} posts with a code block");
    }

    private static void AssertSameTree(INode before, INode after, string path)
    {
        Assert.True(before.NodeType == after.NodeType && before.NodeName == after.NodeName, $"{path}: {before.NodeName} became {after.NodeName}");
        if (before is IElement element)
        {
            var otherElement = (IElement)after;
            Assert.Equal(element.Attributes.Select(a => (a.Name, a.Value)), otherElement.Attributes.Select(a => (a.Name, a.Value)));
            if (element.LocalName is "pre" or "textarea")
            {
                Assert.True(element.TextContent == otherElement.TextContent, $"{path}: preformatted text changed");
            }
        }
        else if (before.NodeType == NodeType.Text)
        {
            Assert.True(Spaces(before.TextContent) == Spaces(after.TextContent), $"{path}: text '{before.TextContent}' became '{after.TextContent}'");
        }

        Assert.True(before.ChildNodes.Length == after.ChildNodes.Length, $"{path}: <{before.NodeName}> has {before.ChildNodes.Length} children before, {after.ChildNodes.Length} after");
        for (var i = 0; i < before.ChildNodes.Length; i++)
        {
            AssertSameTree(before.ChildNodes[i], after.ChildNodes[i], path);
        }
    }

    private static string Spaces(string text) => Whitespace().Replace(text, " ");

    [GeneratedRegex(@"[ \t\r\n\f]+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"\n[ \t]+<")]
    private static partial Regex IndentedTag();
}
