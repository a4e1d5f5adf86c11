using System.Net;
using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Ganss.Xss;
using Markdig;
using Markdig.Extensions.AutoIdentifiers;

namespace ArticleReader.Web.Content;

/// <summary>The rendered body of an article and the parts cut from it for teaser cards.</summary>
public sealed record RenderedBody(string Html, string Text, string Excerpt, string MoreHtml, int WordCount);

/// <summary>
/// Renders markdown to sanitized HTML with one Markdig pipeline built once. Editors may write
/// raw HTML; whatever they write passes through HtmlSanitizer, so no script, event handler,
/// javascript: URL or iframe reaches a reader.
/// </summary>
public static class MarkdownRenderer
{
    private const int ExcerptWords = 60;
    private const int MoreWords = 250;

    // Markdig pools its HTML renderers in the pipeline. A render that throws at the depth limit
    // (inside an image's alt text, for one) returns its renderer to the pool with HTML output
    // still switched off, and every later render that draws it loses its links and emphasis.
    // So a pipeline that saw such a failure is replaced, and text that may be that deep is
    // rendered with a pipeline of its own (RenderIsolated).
    private static MarkdownPipeline _pipeline = BuildPipeline();

    private static MarkdownPipeline BuildPipeline() => new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseFootnotes()
        .UseAutoIdentifiers(AutoIdentifierOptions.GitHub)
        .UseFigures()
        .UseEmphasisExtras()
        .UseAutoLinks()
        .Build();

    private static readonly HtmlParser Parser = new();

    // HtmlSanitizer keeps state while it runs, so each thread gets its own.
    private static readonly ThreadLocal<HtmlSanitizer> Sanitizer = new(CreateSanitizer);

    /// <summary>
    /// Renders <paramref name="markdown"/>. Relative image and link targets are resolved against
    /// <paramref name="folder"/> (the article's folder relative to the content root) and served
    /// under /media/.
    /// </summary>
    public static RenderedBody Render(string markdown, string folder) => Render(markdown, folder, isolated: false);

    /// <summary>
    /// Like <see cref="Render(string, string)"/> with a pipeline used for this text only, so that
    /// markup past Markdig's depth limit cannot leave a broken renderer to other articles.
    /// </summary>
    public static RenderedBody RenderIsolated(string markdown, string folder) => Render(markdown, folder, isolated: true);

    private static RenderedBody Render(string markdown, string folder, bool isolated)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var pipeline = isolated ? BuildPipeline() : Volatile.Read(ref _pipeline);
        string html;
        try
        {
            html = Markdown.ToHtml(markdown, pipeline);
        }
        catch (ArgumentException) when (!isolated)
        {
            Interlocked.CompareExchange(ref _pipeline, BuildPipeline(), pipeline);
            throw;
        }

        var document = Parser.ParseDocument("<!DOCTYPE html><html><body>" + html + "</body></html>");
        var body = document.Body!;
        Sanitizer.Value!.SanitizeDom(document, body);
        PostProcess(body, folder);

        var text = NormalizeSpace(body.TextContent);
        var (excerpt, rest) = CutExcerpt(body);
        var more = CollectMore(body, rest);
        return new RenderedBody(body.InnerHtml, text, excerpt, more, CountWords(text));
    }

    /// <summary>
    /// A cheap, linear look for markup that could come near Markdig's nesting limit (a depth of
    /// 128 shared by quotes, lists, brackets and emphasis; Markdig throws past it, and also on a
    /// paragraph or table with some ten thousand emphasis delimiters). True means "render this one
    /// at load to find out"; false means the text is far below the limit. It errs towards true:
    /// per paragraph it adds the deepest quote and list prefix (indentation counted too), the
    /// deepest unclosed '[' and the most emphasis delimiters open at once, and it flags a
    /// paragraph with more than a thousand delimiters.
    /// </summary>
    public static bool MayBeTooDeep(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        const int Threshold = 32;
        const int MaxDelimiters = 1024;
        const string Emphasis = "*_~=+^";
        Span<int> open = stackalloc int[Emphasis.Length];
        var block = 0;
        var brackets = 0;
        var deepestBracket = 0;
        var deepestEmphasis = 0;
        var delimiters = 0;
        var fence = 0;
        var fenceChar = '\0';
        var span = markdown.AsSpan();
        while (true)
        {
            var end = span.IndexOf('\n');
            var line = end < 0 ? span : span[..end];
            var rest = line.TrimStart(" \t>");
            if (fence > 0)
            {
                if (rest.Length - rest.TrimStart(fenceChar).Length >= fence && rest.TrimStart(fenceChar).IsWhiteSpace())
                {
                    fence = 0;
                }
            }
            else if (line.IsWhiteSpace())
            {
                block = brackets = deepestBracket = deepestEmphasis = delimiters = 0;
                open.Clear();
            }
            else
            {
                // Indentation counts where a quote or list marker follows it (nested lists are
                // nested by indentation); before text, more than four columns is code.
                var prefix = 0;
                var spaces = 0;
                var i = 0;
                while (i < line.Length)
                {
                    var c = line[i];
                    if (c == ' ')
                    {
                        spaces++;
                    }
                    else if (c == '\t')
                    {
                        spaces += 4;
                    }
                    else if (c == '>')
                    {
                        prefix += spaces + 2;
                        spaces = 0;
                    }
                    else if (c is '-' or '+' or '*' && (i + 1 == line.Length || line[i + 1] is ' ' or '\t'))
                    {
                        // A list marker: a list and an item.
                        prefix += spaces + 2;
                        spaces = 0;
                    }
                    else if (char.IsAsciiDigit(c))
                    {
                        var k = i;
                        while (k < line.Length && char.IsAsciiDigit(line[k]))
                        {
                            k++;
                        }

                        if (k < line.Length && line[k] is '.' or ')' && (k + 1 == line.Length || line[k + 1] is ' ' or '\t'))
                        {
                            prefix += spaces + 2;
                            spaces = 0;
                            i = k;
                        }
                        else
                        {
                            break;
                        }
                    }
                    else
                    {
                        break;
                    }

                    i++;
                }

                prefix += Math.Min(spaces, 4);
                block = Math.Max(block, prefix);
                var fenceRun = 0;
                while (fenceRun < rest.Length && rest[fenceRun] is '`' or '~' && rest[fenceRun] == rest[0])
                {
                    fenceRun++;
                }

                if (fenceRun >= 3)
                {
                    fence = fenceRun;
                    fenceChar = rest[0];
                }

                for (var j = i; j < line.Length; j++)
                {
                    var c = line[j];
                    if (c == '[')
                    {
                        deepestBracket = Math.Max(deepestBracket, ++brackets);
                        continue;
                    }

                    if (c == ']')
                    {
                        brackets = Math.Max(0, brackets - 1);
                        continue;
                    }

                    var kind = Emphasis.IndexOf(c);
                    if (kind < 0)
                    {
                        continue;
                    }

                    // A run of one delimiter: it opens when followed by text and not preceded by
                    // it, closes when preceded by text (CommonMark's flanking rules, roughly).
                    var run = 1;
                    while (j + run < line.Length && line[j + run] == c)
                    {
                        run++;
                    }

                    var textBefore = j > 0 && !char.IsWhiteSpace(line[j - 1]);
                    var textAfter = j + run < line.Length && !char.IsWhiteSpace(line[j + run]);
                    var wordBefore = j > 0 && char.IsLetterOrDigit(line[j - 1]);
                    var wordAfter = j + run < line.Length && char.IsLetterOrDigit(line[j + run]);
                    if (!(c == '_' && wordBefore && wordAfter))
                    {
                        delimiters += run;
                        if (textBefore)
                        {
                            open[kind] = Math.Max(0, open[kind] - run);
                        }
                        else if (textAfter)
                        {
                            open[kind] += run;
                            var sum = 0;
                            foreach (var n in open)
                            {
                                sum += n;
                            }

                            deepestEmphasis = Math.Max(deepestEmphasis, sum);
                        }
                    }

                    j += run - 1;
                }

                if (block + deepestBracket + deepestEmphasis >= Threshold || delimiters >= MaxDelimiters)
                {
                    return true;
                }
            }

            if (end < 0)
            {
                return false;
            }

            span = span[(end + 1)..];
        }
    }

    /// <summary>Counts words as runs of non-space characters.</summary>
    public static int CountWords(string text) =>
        text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;

    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedTags.UnionWith(["figure", "figcaption", "section", "sup", "sub", "mark", "del", "ins"]);
        sanitizer.AllowedAttributes.UnionWith(["id", "class", "title"]);
        sanitizer.AllowedSchemes.Clear();
        sanitizer.AllowedSchemes.UnionWith(["http", "https", "mailto"]);
        sanitizer.AllowedTags.Remove("iframe");
        sanitizer.AllowedTags.Remove("form");
        sanitizer.AllowedTags.Remove("input");
        sanitizer.AllowedTags.Remove("button");
        sanitizer.AllowedTags.Remove("textarea");
        sanitizer.AllowedTags.Remove("select");
        sanitizer.AllowedAttributes.Remove("style");
        sanitizer.AllowedCssProperties.Clear();
        return sanitizer;
    }

    private static void PostProcess(IElement body, string folder)
    {
        foreach (var link in body.QuerySelectorAll("a[href]"))
        {
            var href = link.GetAttribute("href")!;
            if (href.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || href.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || href.StartsWith("//", StringComparison.Ordinal))
            {
                link.SetAttribute("rel", "noopener");
            }
        }

        foreach (var image in body.QuerySelectorAll("img"))
        {
            image.SetAttribute("loading", "lazy");
            image.SetAttribute("decoding", "async");
            if (image.GetAttribute("src") is { } src && MediaPath.Resolve(folder, src) is { } resolved)
            {
                image.SetAttribute("src", resolved);
            }

            if (!image.HasAttribute("alt"))
            {
                image.SetAttribute("alt", string.Empty);
            }
        }
    }

    private static (string Excerpt, string? Remainder) CutExcerpt(IElement body)
    {
        var first = body.Children.FirstOrDefault(e => e.LocalName == "p" && !string.IsNullOrWhiteSpace(e.TextContent));
        if (first is null)
        {
            return (string.Empty, null);
        }

        var text = NormalizeSpace(first.TextContent);
        var words = text.Split(' ');
        if (words.Length <= ExcerptWords + 15)
        {
            return (text, null);
        }

        // Cut at the sentence end nearest to 60 words, looking between 35 and 75 words.
        var best = -1;
        for (var i = 35; i < Math.Min(words.Length, ExcerptWords + 15); i++)
        {
            if (EndsSentence(words[i - 1]) && (best < 0 || Math.Abs(i - ExcerptWords) < Math.Abs(best - ExcerptWords)))
            {
                best = i;
            }
        }

        if (best < 0)
        {
            return (string.Join(' ', words[..ExcerptWords]) + " …", string.Join(' ', words[ExcerptWords..]));
        }

        return (string.Join(' ', words[..best]), string.Join(' ', words[best..]));
    }

    private static bool EndsSentence(string word) =>
        word.EndsWith('.') || word.EndsWith('?') || word.EndsWith('!') || word.EndsWith(".\u201D", StringComparison.Ordinal) || word.EndsWith(".\"", StringComparison.Ordinal);

    private static string CollectMore(IElement body, string? rest)
    {
        var builder = new StringBuilder();
        var words = 0;
        if (rest is not null)
        {
            builder.Append("<p>").Append(WebUtility.HtmlEncode(rest)).Append("</p>");
            words += CountWords(rest);
        }

        var seenFirst = false;
        foreach (var element in body.Children)
        {
            if (element.LocalName != "p" || string.IsNullOrWhiteSpace(element.TextContent))
            {
                continue;
            }

            if (!seenFirst)
            {
                seenFirst = true;
                continue;
            }

            var count = CountWords(element.TextContent);
            if (words > 0 && words + count > MoreWords + 50)
            {
                break;
            }

            // Paragraph HTML is already sanitized; footnote references would point nowhere in a card.
            var clone = (IElement)element.Clone();
            foreach (var footnote in clone.QuerySelectorAll("sup, a.footnote-ref").ToArray())
            {
                footnote.Remove();
            }

            builder.Append(clone.OuterHtml);
            words += count;
            if (words >= MoreWords)
            {
                break;
            }
        }

        return builder.ToString();
    }

    private static string NormalizeSpace(string text)
    {
        var builder = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                space = builder.Length > 0;
            }
            else
            {
                if (space)
                {
                    builder.Append(' ');
                    space = false;
                }

                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
