namespace ArticleReader.Web.Content.Search;

/// <summary>
/// One article as the search index sees it: plain text per field, no markup rendering.
/// </summary>
/// <remarks>
/// <see cref="SearchIndex.Build"/> reuses the analysis of an instance that is reference-equal to one in the
/// previous index, so callers should keep the same instance for an unchanged article across rebuilds.
/// </remarks>
/// <param name="Slug">Unique, stable identifier; the last tie-breaker in ranking.</param>
/// <param name="Title">Article title (weighted highest).</param>
/// <param name="Dek">Optional standfirst / summary line.</param>
/// <param name="Tags">Topic tags; each may have several words.</param>
/// <param name="Authors">Author display names.</param>
/// <param name="BodyText">Body as text; markdown syntax may be left in, punctuation is ignored by tokenisation.</param>
/// <param name="Date">Publication date; newer wins ties.</param>
public sealed record SearchDocument(
    string Slug,
    string Title,
    string? Dek,
    IReadOnlyList<string> Tags,
    IReadOnlyList<string> Authors,
    string BodyText,
    DateTimeOffset Date);
