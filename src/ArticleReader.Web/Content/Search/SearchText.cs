using System.Globalization;
using System.Net;
using System.Text;

namespace ArticleReader.Web.Content.Search;

/// <summary>
/// Text analysis shared by the index and the pages: tokenising, folding and highlighting.
/// </summary>
/// <remarks>
/// Index, query and highlighter all go through <see cref="Fold(string)"/> and the same word rules, which is what
/// makes "zurich" find "Zürich" and the highlighter mark exactly the words that matched.
/// </remarks>
public static class SearchText
{
    /// <summary>Ellipsis put where <see cref="Highlight"/> cuts text.</summary>
    public const string Ellipsis = "\u2026";

    /// <summary>Suffix marking a term passed to <see cref="Highlight"/> as a prefix ("sanct*").</summary>
    public const char PrefixMarker = '*';

    // Words longer than this are hashes, URLs glued together or base64, never something a reader searches for;
    // the cap also bounds the stack buffer used for folding.
    internal const int MaxTermLength = 64;

    /// <summary>
    /// Splits text into words (runs of letters or digits of any script, combining marks kept inside words) and
    /// folds each one. Stop words are kept; the index drops them.
    /// </summary>
    /// <param name="text">Any text.</param>
    /// <returns>Folded tokens in text order.</returns>
    public static IReadOnlyList<string> Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);

        var tokens = new List<string>();
        Span<char> buffer = stackalloc char[MaxTermLength];
        var scanner = new WordScanner(text);
        while (scanner.MoveNext())
        {
            tokens.Add(Fold(scanner.Current, buffer).ToString());
        }

        return tokens;
    }

    /// <summary>
    /// Folds a token for matching: invariant lower case, then diacritics removed (decompose, drop non-spacing
    /// marks, recompose), so "Zürich" becomes "zurich". Every script is kept; Cyrillic letters keep their marks.
    /// </summary>
    /// <param name="token">A word.</param>
    /// <returns>The folded word.</returns>
    public static string Fold(string token)
    {
        ArgumentNullException.ThrowIfNull(token);

        Span<char> buffer = stackalloc char[MaxTermLength];
        return Fold(token, buffer).ToString();
    }

    /// <summary>
    /// HTML-encodes <paramref name="text"/> and wraps every word that matches a term in <c>&lt;mark&gt;</c>.
    /// </summary>
    /// <param name="text">Plain text (title, dek or body).</param>
    /// <param name="terms">
    /// Terms as returned in <see cref="SearchResults.Terms"/>; a word matches when its folded form equals one.
    /// A term ending in <see cref="PrefixMarker"/> matches every word that starts with it.
    /// </param>
    /// <param name="maxLength">
    /// When positive and the text is longer, only a window of about this many characters around the first match
    /// (or the start, without a match) is returned, cut at word boundaries, with an ellipsis at each cut end.
    /// </param>
    /// <returns>Safe HTML.</returns>
    public static string Highlight(string text, IReadOnlyList<string> terms, int maxLength = 0)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(terms);
        ArgumentOutOfRangeException.ThrowIfNegative(maxLength);

        if (text.Length == 0)
        {
            return string.Empty;
        }

        var matcher = new TermMatcher(terms);
        var (windowStart, windowEnd) = maxLength > 0 && text.Length > maxLength
            ? FindWindow(text, matcher, maxLength)
            : (0, text.Length);

        var html = new StringBuilder(windowEnd - windowStart + 32);
        if (windowStart > 0)
        {
            html.Append(Ellipsis);
        }

        var window = text.AsSpan(windowStart, windowEnd - windowStart);
        var pending = 0;
        var scanner = new WordScanner(window);
        while (scanner.MoveNext())
        {
            if (!matcher.IsMatch(scanner.Current))
            {
                continue;
            }

            AppendEncoded(html, window[pending..scanner.Start]);
            html.Append("<mark>");
            AppendEncoded(html, scanner.Current);
            html.Append("</mark>");
            pending = scanner.Start + scanner.Length;
        }

        AppendEncoded(html, window[pending..]);
        if (windowEnd < text.Length)
        {
            html.Append(Ellipsis);
        }

        return html.ToString();
    }

    /// <summary>
    /// Folds a word, writing ASCII results into <paramref name="buffer"/> so the common case allocates nothing.
    /// </summary>
    internal static ReadOnlySpan<char> Fold(ReadOnlySpan<char> word, Span<char> buffer)
    {
        if (word.Length <= buffer.Length && Ascii.IsValid(word))
        {
            Ascii.ToLower(word, buffer, out var written);
            return buffer[..written];
        }

        return FoldSlow(word);
    }

    private static string FoldSlow(ReadOnlySpan<char> word)
    {
        var decomposed = word.ToString().ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var kept = new StringBuilder(decomposed.Length);
        var baseIsCyrillic = false;
        foreach (var rune in decomposed.EnumerateRunes())
        {
            if (Rune.GetUnicodeCategory(rune) == UnicodeCategory.NonSpacingMark)
            {
                // й, ї and ё are letters of their own in Cyrillic alphabets, not accented и, і and е; keeping the
                // mark lets "Київ" fold to "київ". Index and query fold alike, so either way would match.
                if (baseIsCyrillic)
                {
                    kept.Append(rune.ToString());
                }

                continue;
            }

            baseIsCyrillic = rune.Value is >= 0x0400 and <= 0x052F;
            kept.Append(rune.ToString());
        }

        // Lower-cased again: invariant casing leaves "İ" as is, and only its decomposed "I" has a lower-case form.
        return kept.ToString().Normalize(NormalizationForm.FormC).ToLowerInvariant();
    }

    private static (int Start, int End) FindWindow(string text, TermMatcher matcher, int maxLength)
    {
        var matchStart = 0;
        var matchEnd = 0;
        var scanner = new WordScanner(text);
        while (scanner.MoveNext())
        {
            if (matcher.IsMatch(scanner.Current))
            {
                matchStart = scanner.Start;
                matchEnd = scanner.Start + scanner.Length;
                break;
            }
        }

        // Put the match about a third into the window: readers want more of what follows than what precedes.
        var matchLength = matchEnd - matchStart;
        var lead = Math.Max(0, maxLength - matchLength) / 3;
        var start = Math.Max(0, matchStart - lead);
        var end = Math.Min(text.Length, start + Math.Max(maxLength, matchLength));
        if (end == text.Length)
        {
            start = Math.Min(matchStart, Math.Max(0, end - maxLength));
        }

        // Snap inwards to whole words: start at the first word beginning at or after the cut, end after the last
        // word finishing before it. The match itself always qualifies, so the window never loses it.
        var firstWordStart = -1;
        var lastWordEnd = -1;
        scanner = new WordScanner(text);
        while (scanner.MoveNext())
        {
            var wordEnd = scanner.Start + scanner.Length;
            if (wordEnd > end)
            {
                break;
            }

            if (firstWordStart < 0 && scanner.Start >= start)
            {
                firstWordStart = scanner.Start;
            }

            lastWordEnd = wordEnd;
        }

        if (start > 0 && firstWordStart >= 0)
        {
            start = firstWordStart;
        }

        if (end < text.Length && lastWordEnd > start)
        {
            end = lastWordEnd;
        }

        return (start, end);
    }

    private static void AppendEncoded(StringBuilder html, ReadOnlySpan<char> text)
    {
        if (!text.IsEmpty)
        {
            html.Append(WebUtility.HtmlEncode(text.ToString()));
        }
    }

    /// <summary>Decides whether a word of the text matches one of the highlight terms.</summary>
    private sealed class TermMatcher
    {
        private readonly HashSet<string> _exact = new(StringComparer.Ordinal);
        private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _exactLookup;
        private readonly List<string> _prefixes = [];

        public TermMatcher(IReadOnlyList<string> terms)
        {
            _exactLookup = _exact.GetAlternateLookup<ReadOnlySpan<char>>();
            foreach (var term in terms)
            {
                if (string.IsNullOrEmpty(term))
                {
                    continue;
                }

                // Terms from SearchResults are folded already; folding again is idempotent and protects callers
                // who pass what the reader typed.
                if (term[^1] == PrefixMarker)
                {
                    var prefix = Fold(term[..^1]);
                    if (prefix.Length > 0)
                    {
                        _prefixes.Add(prefix);
                    }
                }
                else
                {
                    _exact.Add(Fold(term));
                }
            }
        }

        public bool IsMatch(ReadOnlySpan<char> word)
        {
            if (_exact.Count == 0 && _prefixes.Count == 0)
            {
                return false;
            }

            Span<char> buffer = stackalloc char[MaxTermLength];
            var folded = Fold(word, buffer);
            if (_exactLookup.Contains(folded))
            {
                return true;
            }

            foreach (var prefix in _prefixes)
            {
                if (folded.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
