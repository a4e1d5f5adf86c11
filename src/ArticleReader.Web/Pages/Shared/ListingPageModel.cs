using ArticleReader.Web.Content;
using ArticleReader.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
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

    /// <summary>Title, description, page number and feeds for the layout's head.</summary>
    public void Describe(ViewDataDictionary viewData)
    {
        ArgumentNullException.ThrowIfNull(viewData);
        var name = Listing.Subject.Name;
        viewData["Title"] = Articles.Number > 1 ? $"{name}, page {Articles.Number}" : name;
        viewData["Description"] = $"{KindLabel}: {name}. {Articles.TotalItems} {(Articles.TotalItems == 1 ? "article" : "articles")}.";
        viewData["PageNumber"] = Articles.Number;
        viewData["Feeds"] = new[]
        {
            new FeedLink($"{name} (RSS)", Pagination.BasePath + "/feed.xml", Atom: false),
            new FeedLink($"{name} (Atom)", Pagination.BasePath + "/atom.xml", Atom: true),
        };
    }

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
