using System.Text;
using ArticleReader.Web.Content;

namespace ArticleReader.Tests.Content;

public sealed class MarkdownTextTests
{
    internal static string SampleContentRoot => Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../content"));

    [Theory]
    [InlineData("Some **bold** and *italic* and ***both*** and __strong__ and _em_.", "Some bold and italic and both and strong and em.")]
    [InlineData("# Heading one\n\n## Heading two ##\n\ntext", "Heading one Heading two text")]
    [InlineData("- one\n- two\n  - nested\n1. first\n2) second\n* star\n+ plus", "one two nested first second star plus")]
    [InlineData("> quoted\n> > twice quoted", "quoted twice quoted")]
    [InlineData("See [the report](https://example.com/report \"Title\") and [ref][r].\n\n[r]: https://example.com", "See the report and ref.")]
    [InlineData("An image ![a chart](chart.png) here.", "An image here.")]
    [InlineData("A claim[^1] with a note.\n\n[^1]: The note's text.", "A claim with a note. The note's text.")]
    [InlineData("Tags <span class=\"x\">inside</span> and <br/> a <!-- comment --> end", "Tags inside and a end")]
    [InlineData("Entities: &amp; &lt;tag&gt; &#8212; &nbsp;x", "Entities: & <tag> — x")]
    [InlineData("| a | b |\n|---|:-:|\n| 1 | 2 |", "a b 1 2")]
    [InlineData("```rust\nlet x = *y;\n```\n\nafter", "let x = *y; after")]
    [InlineData("~~~\n**kept**\n~~~", "**kept**")]
    [InlineData("Use `a_b*c` here", "Use a_b*c here")]
    [InlineData("snake_case_name stays, ~~struck~~ goes", "snake_case_name stays, struck goes")]
    [InlineData("Escaped \\*stars\\* and a hard\\\nbreak", "Escaped *stars* and a hard break")]
    [InlineData("Title\n=====\n\nSub\n---\n\n***\n\ntext", "Title Sub text")]
    [InlineData("Mail <me@example.com> or <https://example.com/x>", "Mail me@example.com or https://example.com/x")]
    [InlineData("<div\n  class=\"long\">text</div>", "text")]
    [InlineData("<!-- a comment\nover lines -->after", "after")]
    public void ToPlainText_DropsMarkup(string markdown, string expected) =>
        Assert.Equal(expected, MarkdownText.ToPlainText(markdown));

    [Fact]
    public void ToPlainText_EveryArticleInSampleContent_HasTheRenderedWords()
    {
        var paths = ContentLoader.ArticlePaths(SampleContentRoot);
        Assert.True(paths.Count >= 20, $"only {paths.Count} sample articles under {SampleContentRoot}");
        var report = CompareWithRendered(SampleContentRoot, paths);
        Assert.True(report.Problems.Count == 0, string.Join('\n', report.Problems));
    }

    /// <summary>Plain text against the rendered body's text, per file: same words (≥ 95 % each way), no markup left.</summary>
    internal static (List<string> Problems, double WorstOverlap) CompareWithRendered(string root, IEnumerable<string> paths)
    {
        var problems = new List<string>();
        var worst = 1.0;
        foreach (var relative in paths)
        {
            var text = SourceText.Decode(File.ReadAllBytes(Path.Combine(root, relative)), out _, out _);
            if (text is null)
            {
                continue;
            }

            var body = SourceText.Split(text).Body;
            RenderedBody rendered;
            try
            {
                rendered = MarkdownRenderer.Render(body, string.Empty);
            }
            catch (ArgumentException)
            {
                continue;
            }

            var plain = MarkdownText.ToPlainText(body, out var wordCount);
            if (wordCount != MarkdownRenderer.CountWords(plain))
            {
                problems.Add($"{relative}: {wordCount} words counted, {MarkdownRenderer.CountWords(plain)} in the text");
            }

            var expected = Words(rendered.Text);
            var actual = Words(plain);
            var common = Common(expected, actual);
            var recall = expected.Count == 0 ? 1 : (double)common / expected.Count;
            var precision = actual.Count == 0 ? 1 : (double)common / actual.Count;
            worst = Math.Min(worst, Math.Min(recall, precision));
            if (recall < 0.95 || precision < 0.95)
            {
                problems.Add($"{relative}: {recall:P1} of the rendered words found, {precision:P1} of the plain words rendered");
            }

            foreach (var leftover in new[] { "](", "**", "<p", "<a ", "<div", "<span", "<img" })
            {
                if (plain.Contains(leftover, StringComparison.Ordinal) && !rendered.Text.Contains(leftover, StringComparison.Ordinal))
                {
                    problems.Add($"{relative}: '{leftover}' left in the plain text");
                }
            }
        }

        return (problems, worst);
    }

    private static List<string> Words(string text)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        foreach (var c in text + " ")
        {
            if (char.IsLetterOrDigit(c))
            {
                word.Append(char.ToLowerInvariant(c));
            }
            else if (word.Length > 0)
            {
                words.Add(word.ToString());
                word.Clear();
            }
        }

        return words;
    }

    private static int Common(List<string> a, List<string> b)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var w in a)
        {
            counts[w] = counts.GetValueOrDefault(w) + 1;
        }

        var common = 0;
        foreach (var w in b)
        {
            if (counts.GetValueOrDefault(w) > 0)
            {
                counts[w]--;
                common++;
            }
        }

        return common;
    }
}
