using ArticleReader.Web.Content;
using ArticleReader.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace ArticleReader.Web.Pages;

/// <summary>Home: the newest story as the lead, then the latest as teaser cards.</summary>
public sealed class IndexModel(ContentStore store, IOptions<SiteOptions> site, IOptions<BriefsOptions> briefs, TimeProvider time) : PageModel
{
    public Article? Lead { get; private set; }

    public Page<Article> Stories { get; private set; } = new([], 1, 1, 0);

    /// <summary>The newest briefs, on page 1 only.</summary>
    public IReadOnlyList<Article> Briefs { get; private set; } = [];

    public DateTimeOffset Now { get; private set; }

    public IActionResult OnGet([FromQuery(Name = "page")] string? page)
    {
        if (Paging.TryReadPage(page, out var number) != PageProblem.None)
        {
            return BadRequest();
        }

        var stories = store.Current.Stories;
        // The lead story opens page 1; the cards follow it, so page 2 starts after them.
        var slice = Paging.Slice(stories, number, site.Value.PageSize, skip: 1);
        if (slice is null)
        {
            return NotFound();
        }

        Lead = number == 1 ? stories.FirstOrDefault() : null;
        Briefs = number == 1 ? store.Current.Briefs.Take(briefs.Value.HomeCount).ToArray() : [];
        Now = time.GetUtcNow();
        Stories = slice;
        return Page();
    }
}
