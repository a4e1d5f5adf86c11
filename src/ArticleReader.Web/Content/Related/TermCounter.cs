using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace ArticleReader.Web.Content.Related;

/// <summary>
/// Tokenises text into lower-cased terms of any script and counts them per document, interning each
/// distinct term once so that the hot loop allocates nothing per token.
/// </summary>
internal sealed class TermCounter
{
    /// <summary>Shorter tokens are mostly particles and abbreviations that link unrelated pieces.</summary>
    public const int MinTokenLength = 3;

    /// <summary>Longer runs are hashes, URLs glued together or identifiers, never topical words.</summary>
    public const int MaxTokenLength = 48;

    // Deliberately small: idf and the document-frequency cap already mute common words; this list only
    // keeps the most frequent function words from wasting slots in a document's top terms.
    private static readonly string[] s_stopWords =
    [
        "the", "and", "for", "are", "but", "not", "you", "all", "any", "can", "had", "her", "was", "one",
        "our", "out", "has", "have", "him", "his", "how", "its", "may", "new", "now", "old", "see", "two",
        "who", "did", "get", "let", "say", "she", "too", "use", "that", "with", "this", "they", "from",
        "what", "when", "were", "will", "would", "there", "their", "them", "then", "than", "been", "into",
        "more", "most", "some", "such", "only", "also", "very", "just", "over", "about", "after", "before",
        "which", "while", "where", "could", "should", "these", "those", "other", "being", "each", "both",
        "here", "same", "your", "yours", "ours", "because", "between", "through", "during", "under",
        "again", "further", "once", "does", "doing", "down", "off", "own", "why", "whom", "whose", "said",
        "says", "like", "many", "much", "even", "still", "yet", "via", "per", "upon", "onto", "within",
        "without", "among", "across", "against", "though", "although", "however", "don",
    ];

    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly List<string> _terms = [];
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly int _stopWordCount;
    private readonly char[] _token = new char[MaxTokenLength];
    private readonly char[] _pair = new char[2];
    private readonly List<int> _documentTerms = [];
    private int[] _counts = new int[4096];

    public TermCounter()
    {
        _lookup = _ids.GetAlternateLookup<ReadOnlySpan<char>>();

        // Stop words take the lowest ids so that "is it a stop word" is one comparison after the lookup
        // the token needs anyway.
        foreach (var word in s_stopWords)
        {
            if (_ids.TryAdd(word, _ids.Count))
            {
                _terms.Add(word);
            }
        }

        _stopWordCount = _ids.Count;
    }

    /// <summary>Number of distinct terms seen so far, stop words included.</summary>
    public int VocabularySize => _ids.Count;

    /// <summary>Terms by id, stop words included.</summary>
    public IReadOnlyList<string> Terms => _terms;

    /// <summary>Ids below this value are stop words and never counted.</summary>
    public int FirstTermId => _stopWordCount;

    // Runs once per snapshot, typically at startup: go straight to optimised code instead of spending
    // the only run in tier-0 waiting for tiered compilation to catch up.
    /// <summary>Adds every token of <paramref name="text"/> to the current document with the given weight.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(string? text, int weight)
    {
        if (string.IsNullOrEmpty(text) || weight <= 0)
        {
            return;
        }

        var length = 0;
        var tooLong = false;
        var hasLetter = false;

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];

            if (c < 128)
            {
                // ASCII fast path: most of the text, and no table lookups needed.
                if ((uint)(c - 'a') <= 'z' - 'a')
                {
                    Append(c, ref length, ref tooLong);
                    hasLetter = true;
                }
                else if ((uint)(c - 'A') <= 'Z' - 'A')
                {
                    Append((char)(c | 0x20), ref length, ref tooLong);
                    hasLetter = true;
                }
                else if ((uint)(c - '0') <= 9)
                {
                    Append(c, ref length, ref tooLong);
                }
                else
                {
                    Flush(ref length, ref tooLong, ref hasLetter, weight);
                }

                continue;
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                // Letters outside the BMP (historic scripts, some CJK) arrive as surrogate pairs.
                var rune = new Rune(c, text[i + 1]);
                if (Rune.IsLetterOrDigit(rune))
                {
                    var lower = Rune.ToLowerInvariant(rune);
                    var written = lower.EncodeToUtf16(_pair);
                    for (var k = 0; k < written; k++)
                    {
                        Append(_pair[k], ref length, ref tooLong);
                    }

                    hasLetter |= Rune.IsLetter(rune);
                    i++;
                    continue;
                }

                Flush(ref length, ref tooLong, ref hasLetter, weight);
                i++;
                continue;
            }

            var category = char.GetUnicodeCategory(c);
            if (category <= UnicodeCategory.OtherLetter)
            {
                Append(char.ToLowerInvariant(c), ref length, ref tooLong);
                hasLetter = true;
            }
            else if (category == UnicodeCategory.DecimalDigitNumber)
            {
                Append(c, ref length, ref tooLong);
            }
            else if (length > 0
                && category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark)
            {
                // Vowel signs in Devanagari, Thai and friends are marks, not letters; splitting on them
                // would shred every word of those scripts.
                Append(c, ref length, ref tooLong);
            }
            else
            {
                Flush(ref length, ref tooLong, ref hasLetter, weight);
            }
        }

        Flush(ref length, ref tooLong, ref hasLetter, weight);
    }

    /// <summary>
    /// Returns the term ids and weighted counts of the current document (ids in first-seen order) and
    /// starts a new document.
    /// </summary>
    public (int[] TermIds, int[] Counts) TakeDocument()
    {
        var ids = new int[_documentTerms.Count];
        var counts = new int[_documentTerms.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            var id = _documentTerms[i];
            ids[i] = id;
            counts[i] = _counts[id];
            _counts[id] = 0;
        }

        _documentTerms.Clear();
        return (ids, counts);
    }

    private void Append(char c, ref int length, ref bool tooLong)
    {
        if (length < MaxTokenLength)
        {
            _token[length++] = c;
        }
        else
        {
            tooLong = true;
        }
    }

    private void Flush(ref int length, ref bool tooLong, ref bool hasLetter, int weight)
    {
        // Pure numbers (years, counts, version digits) link pieces that merely share a figure.
        if (length >= MinTokenLength && !tooLong && hasLetter)
        {
            Count(_token.AsSpan(0, length), weight);
        }

        length = 0;
        tooLong = false;
        hasLetter = false;
    }

    private void Count(ReadOnlySpan<char> token, int weight)
    {
        if (!_lookup.TryGetValue(token, out var id))
        {
            id = _ids.Count;
            var term = token.ToString();
            _ids.Add(term, id);
            _terms.Add(term);
            if (id >= _counts.Length)
            {
                Array.Resize(ref _counts, _counts.Length * 2);
            }
        }

        if (id < _stopWordCount)
        {
            return;
        }

        if (_counts[id] == 0)
        {
            _documentTerms.Add(id);
        }

        _counts[id] += weight;
    }
}
