using ArticleReader.Web.Content;
using ArticleReader.Web.Content.Search;
using ArticleReader.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace ArticleReader.Web.Pages.Search;

/// <summary>Full-text search over published articles, as teaser cards with the matching words marked.</summary>
public sealed class IndexModel(ContentStore store, IOptions<SiteOptions> site) : PageModel
{
    public string Query { get; private set; } = string.Empty;

    public IReadOnlyList<(Article Article, string TitleHtml, string ExcerptHtml)> Results { get; private set; } = [];

    public int Total { get; private set; }

    public int PageNumber { get; private set; } = 1;

    public int TotalPages { get; private set; } = 1;

    public IReadOnlyList<Taxon> Sections { get; private set; } = [];

    public IActionResult OnGet([FromQuery(Name = "q")] string? q, [FromQuery(Name = "page")] string? page)
    {
        if (Paging.TryReadPage(page, out var number) != PageProblem.None)
        {
            return BadRequest();
        }

        var snapshot = store.Current;
        Sections = snapshot.SectionNav;
        Query = (q ?? string.Empty).Trim();
        if (Query.Length > SearchIndex.MaxQueryLength)
        {
            Query = Query[..SearchIndex.MaxQueryLength];
        }

        var size = site.Value.PageSize;
        // Far past the last page (number - 1) * size overflows an int; any offset past the end answers 404 below.
        var skip = (int)Math.Min((long)(number - 1) * size, int.MaxValue);
        var results = snapshot.Search.Search(Query, skip, size);
        Total = results.Total;
        TotalPages = Math.Max(1, (Total + size - 1) / size);
        if (number > TotalPages)
        {
            return NotFound();
        }

        PageNumber = number;
        Results = results.Hits
            .Select(hit => snapshot.Find(hit.Document.Slug))
            .OfType<Article>()
            .Select(article => (article, SearchText.Highlight(article.Title, results.Terms), Snippet(article, results.Terms)))
            .ToArray();
        return Page();
    }

    // The dek when it holds a match (it is short and says what the piece argues), else a window of the body.
    private static string Snippet(Article article, IReadOnlyList<string> terms) =>
        article.Dek is not null && SearchText.Highlight(article.Dek, terms, maxLength: 260) is var dek && dek.Contains("<mark>", StringComparison.Ordinal)
            ? dek
            : SearchText.Highlight(article.BodyText, terms, maxLength: 260);
}
