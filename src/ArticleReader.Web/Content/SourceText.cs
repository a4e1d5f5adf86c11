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
        var lines = normalized.Split('\n');
        var warnings = new List<string>();

        var first = 0;
        while (first < lines.Length && string.IsNullOrWhiteSpace(lines[first]))
        {
            first++;
        }

        if (first >= lines.Length)
        {
            return new SourceText(null, 0, string.Empty, warnings);
        }

        var opener = lines[first].TrimEnd();
        if (opener is "---" or "+++")
        {
            for (var i = first + 1; i < lines.Length; i++)
            {
                var line = lines[i].TrimEnd();
                if (line == opener || (opener == "---" && line == "..."))
                {
                    var yaml = string.Join('\n', lines[(first + 1)..i]);
                    var body = string.Join('\n', lines[(i + 1)..]);
                    return new SourceText(yaml, first + 2, body, warnings) { IsToml = opener == "+++" };
                }
            }

            return new SourceText(null, first + 1, normalized, warnings) { UnclosedHeader = true };
        }

        // Forgive a header whose opening '---' was left out: it is plain to see when the file
        // starts with 'key: value' lines and a '---' line closes them.
        if (LooksLikeYamlKey(lines[first]))
        {
            for (var i = first; i < lines.Length; i++)
            {
                var line = lines[i].TrimEnd();
                if (line == "---")
                {
                    warnings.Add("the front matter has no opening '---' line; add one above the first field");
                    return new SourceText(string.Join('\n', lines[first..i]), first + 1, string.Join('\n', lines[(i + 1)..]), warnings);
                }

                if (line.Length == 0 || !(LooksLikeYamlKey(line) || line.StartsWith(' ') || line.StartsWith('-')))
                {
                    break;
                }
            }
        }

        return new SourceText(null, 0, normalized, warnings);
    }

    /// <summary>True when the header was written in TOML (between '+++' lines).</summary>
    public bool IsToml { get; init; }

    /// <summary>True when an opening '---' has no closing line.</summary>
    public bool UnclosedHeader { get; init; }

    private static bool LooksLikeYamlKey(string line)
    {
        var colon = line.IndexOf(':', StringComparison.Ordinal);
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
