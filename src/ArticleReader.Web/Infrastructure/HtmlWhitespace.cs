namespace ArticleReader.Web.Infrastructure;

/// <summary>
/// Drops the indentation Razor leaves in a page: in text outside <c>pre</c> and <c>textarea</c>,
/// a run of whitespace that holds a line break becomes a single line break. HTML collapses any
/// run of whitespace in text to one space when it lays it out, so the page reads and looks the
/// same; the site has no other preformatted text (no <c>white-space: pre</c> in its CSS). Tags,
/// their attribute values and comments are copied as they are. A cached page is about a
/// fourteenth smaller, which every reader downloads and the server copies to each socket.
/// </summary>
public static class HtmlWhitespace
{
    /// <summary>The page (UTF-8) with the line-breaking whitespace runs of its text collapsed.</summary>
    public static byte[] Collapse(ReadOnlySpan<byte> html)
    {
        var output = new byte[html.Length];
        var length = 0;
        var i = 0;
        while (i < html.Length)
        {
            var b = html[i];
            if (b == (byte)'<')
            {
                var end = MarkupEnd(html, i);
                if (IsStartTag(html, i, "pre"u8))
                {
                    end = PreEnd(html, end);
                }
                else if (IsStartTag(html, i, "textarea"u8))
                {
                    end = TextareaEnd(html, end);
                }

                html[i..end].CopyTo(output.AsSpan(length));
                length += end - i;
                i = end;
                continue;
            }

            if (!IsSpace(b))
            {
                output[length++] = b;
                i++;
                continue;
            }

            var start = i;
            var lineBreak = false;
            while (i < html.Length && IsSpace(html[i]))
            {
                lineBreak |= html[i] == (byte)'\n';
                i++;
            }

            if (lineBreak)
            {
                output[length++] = (byte)'\n';
            }
            else
            {
                html[start..i].CopyTo(output.AsSpan(length));
                length += i - start;
            }
        }

        return output.AsSpan(0, length).ToArray();
    }

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or (byte)'\f';

    private static bool IsLetter(byte b) => (uint)((b | 0x20) - 'a') <= 'z' - 'a';

    /// <summary>
    /// For a '&lt;' at <paramref name="at"/>: the index just past the comment, tag (quoted
    /// attribute values included) or declaration it opens, or just past the '&lt;' when it is text.
    /// </summary>
    private static int MarkupEnd(ReadOnlySpan<byte> html, int at)
    {
        var rest = html[(at + 1)..];
        if (rest.StartsWith("!--"u8))
        {
            var close = rest[3..].IndexOf("-->"u8);
            return close < 0 ? html.Length : at + 1 + 3 + close + 3;
        }

        if (rest.Length > 0 && (rest[0] is (byte)'!' or (byte)'?'))
        {
            var close = rest.IndexOf((byte)'>');
            return close < 0 ? html.Length : at + 1 + close + 1;
        }

        var nameAt = rest.Length > 0 && rest[0] == (byte)'/' ? 1 : 0;
        if (rest.Length <= nameAt || !IsLetter(rest[nameAt]))
        {
            return at + 1;
        }

        var j = at + 1 + nameAt;
        while (j < html.Length)
        {
            var c = html[j];
            if (c == (byte)'>')
            {
                return j + 1;
            }

            j++;
            if (c != (byte)'=')
            {
                continue;
            }

            while (j < html.Length && IsSpace(html[j]))
            {
                j++;
            }

            if (j < html.Length && html[j] is (byte)'"' or (byte)'\'')
            {
                var close = html[(j + 1)..].IndexOf(html[j]);
                if (close < 0)
                {
                    return html.Length;
                }

                j += 1 + close + 1;
            }
        }

        return html.Length;
    }

    // A start tag "<name" (any case) ending its name there, at the '<' at `at`.
    private static bool IsStartTag(ReadOnlySpan<byte> html, int at, ReadOnlySpan<byte> name) => NameIs(html, at + 1, name);

    private static bool IsEndTag(ReadOnlySpan<byte> html, int at, ReadOnlySpan<byte> name) =>
        at + 1 < html.Length && html[at + 1] == (byte)'/' && NameIs(html, at + 2, name);

    private static bool NameIs(ReadOnlySpan<byte> html, int from, ReadOnlySpan<byte> lowerName)
    {
        if (from + lowerName.Length > html.Length)
        {
            return false;
        }

        for (var k = 0; k < lowerName.Length; k++)
        {
            if ((html[from + k] | 0x20) != lowerName[k])
            {
                return false;
            }
        }

        var after = from + lowerName.Length;
        return after == html.Length || IsSpace(html[after]) || html[after] is (byte)'>' or (byte)'/';
    }

    // From just past a <pre> start tag: the index just past its matching </pre> (pre may nest).
    private static int PreEnd(ReadOnlySpan<byte> html, int from)
    {
        var depth = 1;
        var j = from;
        while (j < html.Length)
        {
            if (html[j] != (byte)'<')
            {
                j++;
                continue;
            }

            var end = MarkupEnd(html, j);
            if (IsStartTag(html, j, "pre"u8))
            {
                depth++;
            }
            else if (IsEndTag(html, j, "pre"u8) && --depth == 0)
            {
                return end;
            }

            j = end;
        }

        return html.Length;
    }

    // From just past a <textarea> start tag: the index just past its </textarea> (its text holds no tags).
    private static int TextareaEnd(ReadOnlySpan<byte> html, int from)
    {
        for (var j = from; j < html.Length; j++)
        {
            if (html[j] == (byte)'<' && IsEndTag(html, j, "textarea"u8))
            {
                return MarkupEnd(html, j);
            }
        }

        return html.Length;
    }
}
