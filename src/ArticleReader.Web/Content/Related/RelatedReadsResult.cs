namespace ArticleReader.Web.Content.Related;

/// <summary>Related reads for every document of a content snapshot.</summary>
/// <param name="BySlug">
/// Picks per document slug (case-insensitive keys), best first; every passed document has an entry.
/// </param>
/// <param name="Warnings">Editorial problems found on the way, e.g. pins to slugs that are not published.</param>
public sealed record RelatedReadsResult(
    IReadOnlyDictionary<string, IReadOnlyList<RelatedPick>> BySlug,
    IReadOnlyList<string> Warnings);
