using System.Collections.Frozen;

namespace ArticleReader.Web.Content.Search;

/// <summary>
/// A small English stop-word list, dropped from the index and from queries alike.
/// </summary>
internal static class StopWords
{
    // Kept deliberately small (Lucene's classic English set plus a few pronouns and auxiliaries): idf already
    // mutes common words, and every extra entry is a word readers can no longer search for. "s" and "t" are the
    // leftovers of "Russia's" and "don't", which tokenisation splits at the apostrophe.
    private static readonly FrozenSet<string> Words = FrozenSet.Create(
        StringComparer.Ordinal,
        "a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "for", "from", "had", "has", "have",
        "he", "her", "his", "i", "if", "in", "into", "is", "it", "its", "of", "on", "or", "s", "she", "such",
        "t", "that", "the", "their", "then", "there", "these", "they", "this", "to", "was", "we", "were",
        "which", "who", "will", "with", "you");

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> Lookup =
        Words.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>True when the folded token is a stop word.</summary>
    public static bool Contains(ReadOnlySpan<char> foldedToken) => Lookup.Contains(foldedToken);
}
