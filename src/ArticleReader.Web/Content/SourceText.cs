using System.Text;

namespace ArticleReader.Web.Content;

/// <summary>
/// Decodes a content file's bytes and splits the front matter from the body. Line numbers are
/// kept so that every problem can be reported at its place in the file.
/// </summary>
public sealed record SourceText(string? FrontMatter, int FrontMatterLine, string Body, IReadOnlyList<string> Warnings)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Decodes UTF-8 with or without a byte order mark; returns null with a message when the bytes are not UTF-8.</summary>
    public static string? Decode(ReadOnlySpan<byte> bytes, out string? error, out int errorLine)
    {
        error = null;
        errorLine = 0;
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            bytes = bytes[3..];
        }
        else if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            error = "the file is saved as UTF-16; save it as UTF-8 (in most editors: Save with encoding, UTF-8)";
            errorLine = 1;
            return null;
        }

        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            var index = ex.Index >= 0 ? Math.Min(ex.Index, bytes.Length) : bytes.Length;
            errorLine = 1 + bytes[..index].Count((byte)'\n');
            error = "the file is not valid UTF-8 text (an unreadable byte on this line); save it as UTF-8";
            return null;
        }
    }

    /// <summary>Splits decoded text into front matter and body. Line endings become '\n'.</summary>
    public static SourceText Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var normalized = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        var warnings = new List<string>();

        // Lines are walked as offsets into the text: the body is one substring, not lines joined again.
        var firstStart = 0;
        var first = 0;
        while (firstStart <= normalized.Length && Line(normalized, firstStart).IsWhiteSpace())
        {
            if (NextLine(normalized, firstStart) is not { } next)
            {
                return new SourceText(null, 0, string.Empty, warnings);
            }

            firstStart = next;
            first++;
        }

        var opener = Line(normalized, firstStart).TrimEnd();
        if (opener is "---" or "+++")
        {
            var lineStart = NextLine(normalized, firstStart);
            for (var i = first + 1; lineStart is { } at; i++)
            {
                var line = Line(normalized, at).TrimEnd();
                if (line.SequenceEqual(opener) || (opener is "---" && line is "..."))
                {
                    var headerStart = NextLine(normalized, firstStart)!.Value;
                    var yaml = at == headerStart ? string.Empty : normalized[headerStart..(at - 1)];
                    return new SourceText(yaml, first + 2, After(normalized, at), warnings) { IsToml = opener is "+++" };
                }

                lineStart = NextLine(normalized, at);
            }

            return new SourceText(null, first + 1, normalized, warnings) { UnclosedHeader = true };
        }

        // Forgive a header whose opening '---' was left out: it is plain to see when the file
        // starts with 'key: value' lines and a '---' line closes them.
        if (LooksLikeYamlKey(Line(normalized, firstStart)))
        {
            for (int? at = firstStart; at is { } lineStart; at = NextLine(normalized, lineStart))
            {
                var line = Line(normalized, lineStart).TrimEnd();
                if (line is "---")
                {
                    warnings.Add("the front matter has no opening '---' line; add one above the first field");
                    var yaml = lineStart == firstStart ? string.Empty : normalized[firstStart..(lineStart - 1)];
                    return new SourceText(yaml, first + 1, After(normalized, lineStart), warnings);
                }

                if (line.Length == 0 || !(LooksLikeYamlKey(line) || line.StartsWith(' ') || line.StartsWith('-')))
                {
                    break;
                }
            }
        }

        return new SourceText(null, 0, normalized, warnings);
    }

    // The line starting at offset 'start' (without its '\n').
    private static ReadOnlySpan<char> Line(string text, int start)
    {
        var rest = text.AsSpan(start);
        var end = rest.IndexOf('\n');
        return end < 0 ? rest : rest[..end];
    }

    // The offset of the line after the one at 'start', or null when it is the last line.
    private static int? NextLine(string text, int start)
    {
        var end = text.AsSpan(start).IndexOf('\n');
        return end < 0 ? null : start + end + 1;
    }

    // Everything after the line at 'start'.
    private static string After(string text, int start) =>
        NextLine(text, start) is { } next ? text[next..] : string.Empty;

    /// <summary>True when the header was written in TOML (between '+++' lines).</summary>
    public bool IsToml { get; init; }

    /// <summary>True when an opening '---' has no closing line.</summary>
    public bool UnclosedHeader { get; init; }

    private static bool LooksLikeYamlKey(ReadOnlySpan<char> line)
    {
        var colon = line.IndexOf(':');
        if (colon <= 0)
        {
            return false;
        }

        for (var i = 0; i < colon; i++)
        {
            var c = line[i];
            if (!(char.IsLetterOrDigit(c) || c is '_' or '-'))
            {
                return false;
            }
        }

        return colon + 1 == line.Length || line[colon + 1] == ' ';
    }
}
