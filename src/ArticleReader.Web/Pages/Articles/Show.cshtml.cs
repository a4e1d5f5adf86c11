using ArticleReader.Web.Content;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ArticleReader.Web.Pages.Articles;

/// <summary>One article with its related reads.</summary>
public sealed class ShowModel(ContentStore store) : PageModel
{
    public Article Article { get; private set; } = null!;

    public IReadOnlyList<RelatedCard> Related { get; private set; } = [];

    public IActionResult OnGet(string slug)
    {
        var snapshot = store.Current;
        if (snapshot.Find(slug) is not { } article)
        {
            return snapshot.Redirects.TryGetValue($"/articles/{slug}", out var target)
                ? RedirectToPagePermanent("/Articles/Show", new { slug = target })
                : NotFound();
        }

        Article = article;
        Related = snapshot.RelatedTo(slug);
        return Page();
    }
}
