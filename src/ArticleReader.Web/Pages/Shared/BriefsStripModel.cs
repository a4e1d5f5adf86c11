using ArticleReader.Web.Content;

namespace ArticleReader.Web.Pages.Shared;

/// <summary>A strip of briefs: where it stands (for unique ids), the briefs and the clock reading they are described at.</summary>
public sealed record BriefsStripModel(string Place, IReadOnlyList<Article> Briefs, DateTimeOffset Now, bool ShowAllLink = true);
