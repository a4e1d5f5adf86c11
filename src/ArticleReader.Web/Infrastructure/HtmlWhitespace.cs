namespace ArticleReader.Web.Infrastructure;

/// <summary>
/// Drops the indentation Razor leaves in a page: outside <c>pre</c> and <c>textarea</c>, a run of
/// whitespace that holds a line break becomes a single line break. HTML collapses any run of
/// whitespace to one space when it lays out text, so the page reads and looks the same; the site
/// has no other preformatted text (no <c>white-space: pre</c> in its CSS). A cached page is about
/// a fourteenth smaller, which every reader downloads and the server copies to each socket.
/// </summary>
public static class HtmlWhitespace
{
    private static readonly byte[][] Preformatted = ["pre"u8.ToArray(), "textarea"u8.ToArray()];

    /// <summary>The page (UTF-8) with its line-breaking whitespace runs collapsed.</summary>
    public static byte[] Collapse(ReadOnlySpan<byte> html)
    {
        var output = new byte[html.Length];
        var length = 0;
        var i = 0;
        while (i < html.Length)
        {
            var b = html[i];
            if (b == (byte)'<' && OpensPreformatted(html[(i + 1)..]) is { } tag)
            {
                // Copied as it is up to and including the closing tag (or to the end, if none).
                var close = IndexOfClosing(html[i..], tag);
                var end = close < 0 ? html.Length : i + close;
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

    // After a '<': the preformatted element's name when a start tag of one begins here.
    private static byte[]? OpensPreformatted(ReadOnlySpan<byte> rest)
    {
        foreach (var name in Preformatted)
        {
            if (rest.Length > name.Length && StartsWithIgnoreCase(rest, name)
                && (rest[name.Length] == (byte)'>' || IsSpace(rest[name.Length]) || rest[name.Length] == (byte)'/'))
            {
                return name;
            }
        }

        return null;
    }

    // The index just past "</name>" (any case, spaces before '>'), or -1.
    private static int IndexOfClosing(ReadOnlySpan<byte> html, byte[] name)
    {
        for (var i = 0; i + 2 + name.Length < html.Length; i++)
        {
            if (html[i] != (byte)'<' || html[i + 1] != (byte)'/' || !StartsWithIgnoreCase(html[(i + 2)..], name))
            {
                continue;
            }

            var j = i + 2 + name.Length;
            while (j < html.Length && IsSpace(html[j]))
            {
                j++;
            }

            if (j < html.Length && html[j] == (byte)'>')
            {
                return j + 1;
            }
        }

        return -1;
    }

    private static bool StartsWithIgnoreCase(ReadOnlySpan<byte> text, byte[] lowerName)
    {
        if (text.Length < lowerName.Length)
        {
            return false;
        }

        for (var k = 0; k < lowerName.Length; k++)
        {
            if ((text[k] | 0x20) != lowerName[k])
            {
                return false;
            }
        }

        return true;
    }
}
