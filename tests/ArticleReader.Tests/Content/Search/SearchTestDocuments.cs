using ArticleReader.Web.Content.Search;

namespace ArticleReader.Tests.Content.Search;

/// <summary>Builds small documents for search tests; everything not given is empty.</summary>
internal static class SearchTestDocuments
{
    public static readonly DateTimeOffset BaseDate = new(2024, 6, 1, 0, 0, 0, TimeSpan.Zero);

    public static SearchDocument Doc(
        string slug,
        string title = "Untitled",
        string body = "",
        string? dek = null,
        string[]? tags = null,
        string[]? authors = null,
        int dayOffset = 0) =>
        new(slug, title, dek, tags ?? [], authors ?? [], body, BaseDate.AddDays(dayOffset));

    public static string[] Slugs(SearchResults results) => [.. results.Hits.Select(hit => hit.Document.Slug)];
}
