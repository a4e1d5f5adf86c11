using ArticleReader.Web.Content;
using ArticleReader.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace ArticleReader.Web.Pages.Briefs;

/// <summary>All briefs, newest first, paginated.</summary>
public sealed class IndexModel(ContentStore store, IOptions<SiteOptions> site, TimeProvider time) : PageModel
{
    public Page<Article> Briefs { get; private set; } = null!;

    public DateTimeOffset Now { get; private set; }

    public IActionResult OnGet([FromQuery(Name = "page")] string? page)
    {
        if (Paging.TryReadPage(page, out var number) != PageProblem.None)
        {
            return BadRequest();
        }

        if (Paging.Slice(store.Current.Briefs, number, site.Value.PageSize) is not { } slice)
        {
            return NotFound();
        }

        Briefs = slice;
        Now = time.GetUtcNow();
        return Page();
    }
}
