namespace ArticleReader.Web.Content.Related;

/// <summary>One related read offered under an article.</summary>
/// <param name="Slug">Slug of the related document, as spelled in its own <see cref="RelatedDocument.Slug"/>.</param>
/// <param name="RelatedBy">
/// Reader-facing reason for the link, e.g. <c>"Black Sea, Grain · Middle East"</c>, <c>"similar text"</c>,
/// <c>"editor's pick"</c> or <c>"latest"</c>.
/// </param>
/// <param name="Score">Relatedness score (0 for pure fallback picks); useful for diagnostics, not for display.</param>
public sealed record RelatedPick(string Slug, string RelatedBy, double Score);
