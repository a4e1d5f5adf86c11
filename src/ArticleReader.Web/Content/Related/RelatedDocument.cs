namespace ArticleReader.Web.Content.Related;

/// <summary>
/// One published document as seen by <see cref="RelatedReadsEngine"/>: the front matter that links
/// articles editorially plus the plain text used for text similarity.
/// </summary>
/// <param name="Slug">Unique slug; pins and exclusions refer to it (matched case-insensitively).</param>
/// <param name="Title">Title; its terms weigh more than body terms in text similarity.</param>
/// <param name="Dek">Optional standfirst; its terms weigh a little more than body terms.</param>
/// <param name="BodyText">Plain text of the body (no HTML or markup).</param>
/// <param name="Tags">Tag names in front matter order; compared case- and whitespace-insensitively.</param>
/// <param name="Authors">Author names in front matter order; compared like tags.</param>
/// <param name="Section">Optional section name; compared like tags.</param>
/// <param name="Date">Publication date; newer wins ties.</param>
/// <param name="IsCandidate">
/// <see langword="false"/> for briefs and similar pages: they get related reads themselves but are only
/// ever offered under another article when that article pins them.
/// </param>
/// <param name="Pinned">Front matter <c>related:</c> slugs, in the order they should appear.</param>
/// <param name="Excluded">Front matter <c>not_related:</c> slugs that must never be offered.</param>
public sealed record RelatedDocument(
    string Slug,
    string Title,
    string? Dek,
    string BodyText,
    IReadOnlyList<string> Tags,
    IReadOnlyList<string> Authors,
    string? Section,
    DateTimeOffset Date,
    bool IsCandidate,
    IReadOnlyList<string> Pinned,
    IReadOnlyList<string> Excluded);
