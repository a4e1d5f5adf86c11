using ArticleReader.Web.Content;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ArticleReader.Web.Pages.Teasers;

/// <summary>
/// The expandable part of an article's teaser card, as an HTML fragment: the paragraphs after the
/// excerpt and a link to the full article. A card's "Keep reading" button fetches it when the
/// reader first opens the card, so listings do not carry every card's hidden paragraphs.
/// </summary>
public sealed class ShowModel(ContentStore store) : PageModel
{
    public Article Article { get; private set; } = null!;

    public IActionResult OnGet(string slug)
    {
        if (store.Current.Find(slug) is not { } article || string.IsNullOrEmpty(article.MoreHtml))
        {
            return NotFound();
        }

        Article = article;
        return Page();
    }
}
