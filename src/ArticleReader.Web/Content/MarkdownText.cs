using System.Buffers;
using System.Net;
using System.Text;

namespace ArticleReader.Web.Content;

/// <summary>
/// Plain text of a markdown body without rendering it: one linear pass that drops the markup
/// (emphasis markers, heading and list and quote markers, link targets, images, footnote markers,
/// HTML tags and comments, table pipes, code fence lines) and decodes entities. The text is what
/// search, related reads and the word count read; it follows the rendered text's words closely
/// (checked against the renderer on the sample content and the blog corpus) but is not the same
/// string, and it is never shown as HTML.
/// </summary>
public static class MarkdownText
{
    /// <summary>The plain text of <paramref name="markdown"/>, with runs of white space folded to one space.</summary>
    public static string ToPlainText(string markdown) => ToPlainText(markdown, out _);

    /// <summary>The plain text, and its number of words (runs of characters that are not white space).</summary>
    public static string ToPlainText(string markdown, out int words)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var output = new Sink(markdown.Length + 16);
        var state = new InlineState();
        char fenceChar = '\0';
        var fenceLength = 0;
        var span = markdown.AsSpan();
        while (span.Length > 0)
        {
            var end = span.IndexOfAny('\n', '\r');
            var line = end < 0 ? span : span[..end];
            span = end < 0 ? [] : span[(end + 1)..];

            if (fenceLength > 0)
            {
                var trimmed = StripQuotes(line).TrimStart(' ');
                if (CountRun(trimmed, fenceChar) >= fenceLength && trimmed[CountRun(trimmed, fenceChar)..].IsWhiteSpace())
                {
                    fenceLength = 0;
                }
                else
                {
                    // Code is shown as written: no markup, no entities.
                    output.Append(StripQuotes(line)).Append('\n');
                }

                continue;
            }

            if (state.InComment || state.InTag)
            {
                Inline(line, output, ref state);
                output.Append('\n');
                continue;
            }

            if (state.InHtmlBlock)
            {
                if (state.RawBlockEnd is null && line.IsWhiteSpace())
                {
                    state.InHtmlBlock = false;
                    continue;
                }

                if (state.RawBlockEnd is { } rawEnd && line.Contains(rawEnd, StringComparison.OrdinalIgnoreCase))
                {
                    state.InHtmlBlock = false;
                    state.RawBlockEnd = null;
                }

                Html(line, output, ref state);
                output.Append('\n');
                continue;
            }

            var rest = StripContainers(line);
            if (IsThematicBreak(rest) || IsSetextUnderline(rest) || IsTableDelimiterRow(rest))
            {
                continue;
            }

            var fence = rest.Length > 0 && rest[0] is '`' or '~' ? CountRun(rest, rest[0]) : 0;
            if (fence >= 3 && (rest[0] == '~' || !rest[fence..].Contains('`')))
            {
                fenceChar = rest[0];
                fenceLength = fence;
                continue;
            }

            if (StartsHtmlBlock(rest, out var rawBlockEnd))
            {
                state.InHtmlBlock = rawBlockEnd is null || !rest.Contains(rawBlockEnd, StringComparison.OrdinalIgnoreCase);
                state.RawBlockEnd = state.InHtmlBlock ? rawBlockEnd : null;
                Html(rest, output, ref state);
                output.Append('\n');
                continue;
            }

            if (rest.StartsWith("^^^", StringComparison.Ordinal))
            {
                // A figure fence; its closing line may carry the caption.
                rest = rest.TrimStart('^');
            }
            else if (rest.Length > 0 && rest[0] == '#')
            {
                var level = CountRun(rest, '#');
                if (level <= 6 && (level == rest.Length || rest[level] is ' ' or '\t'))
                {
                    rest = rest[level..].Trim().TrimEnd('#');
                }
            }
            else if (rest.Length > 0 && rest[0] == '[' && IsDefinition(rest, out var definitionText))
            {
                // A link reference definition shows nothing; a footnote definition shows its text.
                rest = definitionText;
            }

            Inline(rest, output, ref state);
            output.Append('\n');
        }

        words = output.Words;
        return output.ToStringAndReturn();
    }

    private struct InlineState
    {
        public bool InComment;
        public bool InTag;

        // Inside an HTML block markdown is not read: only tags and entities. Raw blocks (<pre>,
        // <script>, <style>, <textarea>) end at their closing tag, others at a blank line.
        public bool InHtmlBlock;
        public string? RawBlockEnd;
    }

    private static readonly string[] RawBlockTags = ["pre", "script", "style", "textarea"];

    // An HTML block starts with a tag (or a comment) at the start of a line.
    private static bool StartsHtmlBlock(ReadOnlySpan<char> line, out string? rawBlockEnd)
    {
        rawBlockEnd = null;
        if (line.Length < 2 || line[0] != '<' || !(char.IsAsciiLetter(line[1]) || line[1] == '/'))
        {
            return false;
        }

        var name = line[1..];
        var nameEnd = name.IndexOfAny(" \t>/");
        name = nameEnd < 0 ? name : name[..nameEnd];
        foreach (var raw in RawBlockTags)
        {
            if (name.Equals(raw, StringComparison.OrdinalIgnoreCase))
            {
                rawBlockEnd = "</" + raw + ">";
            }
        }

        // A line holding only an inline tag and text is a paragraph; one that closes its tag
        // on the same line and goes on with text is too. Block tags and lone tags start blocks.
        return rawBlockEnd is not null || IsBlockTag(name) || line.TrimEnd(" \t").EndsWith(">", StringComparison.Ordinal) && line.IndexOf('>') == line.TrimEnd(" \t").Length - 1;
    }

    private static bool IsBlockTag(ReadOnlySpan<char> name)
    {
        foreach (var tag in BlockTags)
        {
            if (name.Equals(tag, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static readonly string[] BlockTags =
    [
        "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dialog", "dir", "div", "dl", "dt",
        "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "html", "iframe",
        "legend", "li", "main", "menu", "nav", "ol", "p", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
    ];

    private static void Html(ReadOnlySpan<char> line, Sink output, ref InlineState state)
    {
        var i = 0;
        if (state.InComment || state.InTag)
        {
            var close = state.InComment ? line.IndexOf("-->", StringComparison.Ordinal) : line.IndexOf('>');
            if (close < 0)
            {
                return;
            }

            i = close + (state.InComment ? 3 : 1);
            state.InComment = state.InTag = false;
        }

        while (i < line.Length)
        {
            i = line[i] switch
            {
                '<' => Angle(line, i, output, ref state),
                '&' => Entity(line, i, output),
                _ => Append(line[i], i, output),
            };
        }

        static int Append(char c, int i, Sink output)
        {
            output.Append(c);
            return i + 1;
        }
    }

    private static void Inline(ReadOnlySpan<char> line, Sink output, ref InlineState state)
    {
        var i = 0;
        if (state.InComment)
        {
            var close = line.IndexOf("-->", StringComparison.Ordinal);
            if (close < 0)
            {
                return;
            }

            state.InComment = false;
            i = close + 3;
        }
        else if (state.InTag)
        {
            var close = line.IndexOf('>');
            if (close < 0)
            {
                return;
            }

            state.InTag = false;
            i = close + 1;
        }

        while (i < line.Length)
        {
            var c = line[i];
            switch (c)
            {
                case '\\' when i + 1 < line.Length && char.IsAsciiLetterOrDigit(line[i + 1]) is false && line[i + 1] < 128 && !char.IsWhiteSpace(line[i + 1]):
                    output.Append(line[i + 1]);
                    i += 2;
                    continue;
                case '\\' when i + 1 == line.Length:
                    // A hard line break.
                    i++;
                    continue;
                case '`':
                {
                    var run = CountRun(line[i..], '`');
                    var close = FindBacktickRun(line, i + run, run);
                    if (close < 0)
                    {
                        output.Append(line.Slice(i, run));
                        i += run;
                        continue;
                    }

                    output.Append(line[(i + run)..close]);
                    i = close + run;
                    continue;
                }

                case '!' when i + 1 < line.Length && line[i + 1] == '[':
                {
                    // An image shows no text (its alt text is an attribute).
                    var after = SkipLink(line, i + 1);
                    if (after > 0)
                    {
                        i = after;
                        continue;
                    }

                    output.Append(c);
                    i++;
                    continue;
                }

                case '[' when i + 1 < line.Length && line[i + 1] == '^':
                {
                    var close = line[i..].IndexOf(']');
                    if (close > 0)
                    {
                        // A footnote marker.
                        i += close + 1;
                        continue;
                    }

                    i++;
                    continue;
                }

                case '[':
                    // Link text shows; its brackets and target do not.
                    i++;
                    continue;
                case ']':
                    i = SkipTarget(line, i + 1);
                    continue;
                case '<':
                    i = Angle(line, i, output, ref state);
                    continue;
                case '&':
                    i = Entity(line, i, output);
                    continue;
                case '*':
                    i += CountRun(line[i..], '*');
                    continue;
                case '_':
                {
                    var run = CountRun(line[i..], '_');
                    var before = i > 0 && char.IsLetterOrDigit(line[i - 1]);
                    var after = i + run < line.Length && char.IsLetterOrDigit(line[i + run]);
                    if (before && after)
                    {
                        // Inside a word (snake_case) it is text.
                        output.Append(line.Slice(i, run));
                    }

                    i += run;
                    continue;
                }

                case '~' when i + 1 < line.Length && line[i + 1] == '~':
                    i += CountRun(line[i..], '~');
                    continue;
                case '|':
                    output.Append(' ');
                    i++;
                    continue;
                default:
                    output.Append(c);
                    i++;
                    continue;
            }
        }
    }

    // After a ']': skips a link target '(url "title")' or a reference '[label]'; returns the next index.
    private static int SkipTarget(ReadOnlySpan<char> line, int i)
    {
        if (i < line.Length && line[i] == '(')
        {
            var j = SkipSpaces(line, i + 1);
            if (j < line.Length && line[j] == '<')
            {
                var close = line[j..].IndexOf('>');
                if (close < 0)
                {
                    return i;
                }

                j += close + 1;
            }
            else
            {
                var depth = 0;
                while (j < line.Length && !char.IsWhiteSpace(line[j]))
                {
                    if (line[j] == '\\')
                    {
                        j++;
                    }
                    else if (line[j] == '(')
                    {
                        depth++;
                    }
                    else if (line[j] == ')' && --depth < 0)
                    {
                        break;
                    }

                    j++;
                }
            }

            j = SkipSpaces(line, j);
            if (j < line.Length && line[j] is '"' or '\'' or '(')
            {
                var quote = line[j] == '(' ? ')' : line[j];
                j++;
                while (j < line.Length && line[j] != quote)
                {
                    j += line[j] == '\\' ? 2 : 1;
                }

                j = SkipSpaces(line, j + 1);
            }

            return j < line.Length && line[j] == ')' ? j + 1 : i;
        }

        if (i < line.Length && line[i] == '[')
        {
            var close = line[i..].IndexOf(']');
            if (close >= 0 && !line.Slice(i + 1, close - 1).Contains('['))
            {
                return i + close + 1;
            }
        }

        return i;
    }

    private static int SkipSpaces(ReadOnlySpan<char> line, int j)
    {
        while (j < line.Length && line[j] is ' ' or '\t')
        {
            j++;
        }

        return j;
    }

    // From the '[' of an image: skips '[alt](target)' or '[alt][ref]'; returns the next index, or -1 when it is not an image.
    private static int SkipLink(ReadOnlySpan<char> line, int open)
    {
        var depth = 0;
        for (var j = open; j < line.Length; j++)
        {
            if (line[j] == '\\')
            {
                j++;
            }
            else if (line[j] == '[')
            {
                depth++;
            }
            else if (line[j] == ']' && --depth == 0)
            {
                var after = SkipTarget(line, j + 1);
                return after > j + 1 ? after : j + 1;
            }
        }

        return -1;
    }

    private static int Angle(ReadOnlySpan<char> line, int i, Sink output, ref InlineState state)
    {
        var rest = line[i..];
        if (rest.StartsWith("<!--", StringComparison.Ordinal))
        {
            var close = rest[4..].IndexOf("-->", StringComparison.Ordinal);
            if (close < 0)
            {
                state.InComment = true;
                return line.Length;
            }

            return i + 4 + close + 3;
        }

        if (rest.Length > 1 && (char.IsAsciiLetter(rest[1]) || rest[1] is '/' or '!' or '?'))
        {
            var close = rest.IndexOf('>');
            var inner = close > 0 ? rest[1..close] : rest[1..];
            if (close > 0 && !inner.Contains(' ') && (inner.Contains(':') || inner.Contains('@')) && rest[1] != '/')
            {
                // An autolink shows its address.
                output.Append(inner);
                return i + close + 1;
            }

            if (close < 0)
            {
                // A tag whose attributes continue on the next line.
                state.InTag = true;
                return line.Length;
            }

            return i + close + 1;
        }

        output.Append('<');
        return i + 1;
    }

    private static int Entity(ReadOnlySpan<char> line, int i, Sink output)
    {
        var end = i + 1;
        if (end < line.Length && line[end] == '#')
        {
            end++;
        }

        while (end < line.Length && end - i < 32 && char.IsAsciiLetterOrDigit(line[end]))
        {
            end++;
        }

        if (end < line.Length && line[end] == ';' && end > i + 1)
        {
            var entity = line[i..(end + 1)].ToString();
            var decoded = WebUtility.HtmlDecode(entity);
            output.Append(decoded == "\u00A0" ? " " : decoded);
            return end + 1;
        }

        output.Append('&');
        return i + 1;
    }

    private static int FindBacktickRun(ReadOnlySpan<char> line, int from, int length)
    {
        for (var j = from; j < line.Length; j++)
        {
            if (line[j] != '`')
            {
                continue;
            }

            var run = CountRun(line[j..], '`');
            if (run == length)
            {
                return j;
            }

            j += run - 1;
        }

        return -1;
    }

    // Drops leading quote markers, list markers and indentation, however deeply nested.
    private static ReadOnlySpan<char> StripContainers(ReadOnlySpan<char> line)
    {
        while (true)
        {
            var trimmed = line.TrimStart(" \t");
            if (trimmed.Length == 0)
            {
                return trimmed;
            }

            if (trimmed[0] == '>')
            {
                line = trimmed[1..];
                continue;
            }

            if (trimmed[0] is '-' or '*' or '+' && (trimmed.Length == 1 || trimmed[1] is ' ' or '\t') && !IsThematicBreak(trimmed))
            {
                line = trimmed[1..];
                continue;
            }

            var digits = 0;
            while (digits < trimmed.Length && digits < 10 && char.IsAsciiDigit(trimmed[digits]))
            {
                digits++;
            }

            if (digits is > 0 and < 10 && digits < trimmed.Length && trimmed[digits] is '.' or ')' && (digits + 1 == trimmed.Length || trimmed[digits + 1] is ' ' or '\t'))
            {
                line = trimmed[(digits + 1)..];
                continue;
            }

            return trimmed;
        }
    }

    private static ReadOnlySpan<char> StripQuotes(ReadOnlySpan<char> line)
    {
        var trimmed = line.TrimStart(" \t");
        while (trimmed.Length > 0 && trimmed[0] == '>')
        {
            line = trimmed[1..];
            if (line.Length > 0 && line[0] == ' ')
            {
                line = line[1..];
            }

            trimmed = line.TrimStart(" \t");
        }

        return line;
    }

    private static bool IsThematicBreak(ReadOnlySpan<char> line)
    {
        var trimmed = line.Trim(" \t");
        if (trimmed.Length < 3 || trimmed[0] is not ('-' or '*' or '_'))
        {
            return false;
        }

        var marker = trimmed[0];
        var count = 0;
        foreach (var c in trimmed)
        {
            if (c == marker)
            {
                count++;
            }
            else if (c is not (' ' or '\t'))
            {
                return false;
            }
        }

        return count >= 3;
    }

    private static bool IsSetextUnderline(ReadOnlySpan<char> line)
    {
        var trimmed = line.Trim(" \t");
        return trimmed.Length > 0 && trimmed[0] is '=' or '-' && CountRun(trimmed, trimmed[0]) == trimmed.Length;
    }

    private static bool IsTableDelimiterRow(ReadOnlySpan<char> line)
    {
        var trimmed = line.Trim(" \t");
        if (!trimmed.Contains('-') || !(trimmed.Contains('|') || trimmed.Contains(':')))
        {
            return false;
        }

        foreach (var c in trimmed)
        {
            if (c is not ('|' or ':' or '-' or ' ' or '\t'))
            {
                return false;
            }
        }

        return true;
    }

    // '[label]: target' (nothing shown) or '[^label]: text' (the text shown).
    private static bool IsDefinition(ReadOnlySpan<char> line, out ReadOnlySpan<char> text)
    {
        text = default;
        var close = line.IndexOf(']');
        if (close <= 1 || close + 1 >= line.Length || line[close + 1] != ':' || line[1..close].Contains('['))
        {
            return false;
        }

        if (line[1] == '^')
        {
            text = line[(close + 2)..];
            return true;
        }

        // A destination, then nothing or a quoted title: anything more makes it a paragraph.
        var rest = line[(close + 2)..].Trim(" \t");
        if (rest.Length == 0)
        {
            return false;
        }

        var destinationEnd = rest[0] == '<' ? rest.IndexOf('>') + 1 : rest.IndexOfAny(' ', '\t');
        if (destinationEnd <= 0 || destinationEnd == rest.Length)
        {
            text = [];
            return destinationEnd != 0;
        }

        var title = rest[destinationEnd..].Trim(" \t");
        if (title.Length > 0 && !(title.Length >= 2 && ((title[0] == '"' && title[^1] == '"') || (title[0] == '\'' && title[^1] == '\'') || (title[0] == '(' && title[^1] == ')'))))
        {
            return false;
        }

        text = [];
        return true;
    }

    private static int CountRun(ReadOnlySpan<char> text, char c)
    {
        var n = 0;
        while (n < text.Length && text[n] == c)
        {
            n++;
        }

        return n;
    }

    // Collects the text with white space folded as it is written; the text is never longer than
    // the markdown it comes from, so one buffer of that size is enough (it grows if not).
    private sealed class Sink(int capacity)
    {
        private char[] _buffer = ArrayPool<char>.Shared.Rent(capacity);
        private int _length;
        private bool _space;

        public int Words { get; private set; }

        public Sink Append(char c)
        {
            if (c <= ' ' ? c is ' ' or '\n' or '\t' or '\r' or '\f' or '\v' : c > '\u007f' && char.IsWhiteSpace(c))
            {
                _space = _length > 0;
                return this;
            }

            if (_length + 2 > _buffer.Length)
            {
                var larger = ArrayPool<char>.Shared.Rent(_buffer.Length * 2);
                _buffer.AsSpan(0, _length).CopyTo(larger);
                ArrayPool<char>.Shared.Return(_buffer);
                _buffer = larger;
            }

            if (_space || _length == 0)
            {
                Words++;
                if (_space)
                {
                    _buffer[_length++] = ' ';
                    _space = false;
                }
            }

            _buffer[_length++] = c;
            return this;
        }

        public Sink Append(ReadOnlySpan<char> text)
        {
            foreach (var c in text)
            {
                Append(c);
            }

            return this;
        }

        public Sink Append(string text) => Append(text.AsSpan());

        // The buffer is pooled (this runs for every body at every load): the sink is done after this.
        public string ToStringAndReturn()
        {
            var text = new string(_buffer, 0, _length);
            ArrayPool<char>.Shared.Return(_buffer);
            _buffer = [];
            return text;
        }
    }
}
