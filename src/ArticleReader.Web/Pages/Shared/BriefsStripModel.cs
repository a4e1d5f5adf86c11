using ArticleReader.Web.Content;

namespace ArticleReader.Web.Pages.Shared;

/// <summary>A strip of briefs: where it stands (for unique ids), the briefs and the clock reading they are described at.</summary>
public sealed record BriefsStripModel(string Place, IReadOnlyList<Article> Briefs, DateTimeOffset Now, bool ShowAllLink = true)
{
    /// <summary>The strip's heading; each strip on a page has its own, so landmarks stay distinct.</summary>
    public string Heading => Place switch
    {
        "home" => "In brief",
        "page" => "All briefs",
        _ => "Briefs",
    };
}
