using ArticleReader.Web.Content;
using ArticleReader.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace ArticleReader.Web.Pages.Shared;

/// <summary>A paginated listing of one section, tag or author.</summary>
public abstract class ListingPageModel(ContentStore store, IOptions<SiteOptions> site) : PageModel
{
    /// <summary>What kind of listing this is, for the heading ("Section", "Topic", "Author").</summary>
    public abstract string KindLabel { get; }

    public Listing Listing { get; private set; } = null!;

    public Page<Article> Articles { get; private set; } = null!;

    public PaginationModel Pagination { get; private set; } = null!;

    /// <summary>The listings of this kind in a snapshot.</summary>
    protected abstract IReadOnlyDictionary<string, Listing> Select(ContentSnapshot snapshot);

    public IActionResult OnGet(string slug, [FromQuery(Name = "page")] string? page)
    {
        if (Paging.TryReadPage(page, out var number) != PageProblem.None)
        {
            return BadRequest();
        }

        if (!Select(store.Current).TryGetValue(slug, out var listing)
            || Paging.Slice(listing.Articles, number, site.Value.PageSize) is not { } slice)
        {
            return NotFound();
        }

        Listing = listing;
        Articles = slice;
        Pagination = new PaginationModel(Url.Page(PageContext.ActionDescriptor.ViewEnginePath, new { slug })!, slice.Number, slice.TotalPages);
        return Page();
    }
}
