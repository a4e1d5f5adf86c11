namespace ArticleReader.Web.Content.Search;

/// <summary>One page of search results.</summary>
/// <param name="Hits">The requested page of hits, best first.</param>
/// <param name="Total">Number of matching documents across all pages.</param>
/// <param name="Terms">
/// Folded query terms, including prefix expansions, that occur in the matching documents; pass them to
/// <see cref="SearchText.Highlight"/>.
/// </param>
public sealed record SearchResults(IReadOnlyList<SearchHit> Hits, int Total, IReadOnlyList<string> Terms)
{
    /// <summary>No hits, no terms: the answer to an empty query or one with nothing searchable in it.</summary>
    public static SearchResults None { get; } = new([], 0, []);
}
