using ArticleReader.Web.Content;
using ArticleReader.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace ArticleReader.Web.Pages.Shared;

/// <summary>The sidebar of every page: latest articles, newsletter box, social links.</summary>
public sealed class SidebarViewComponent(ContentStore store, IOptions<SiteOptions> site, IOptions<BriefsOptions> briefs, TimeProvider time) : ViewComponent
{
    public IViewComponentResult Invoke()
    {
        var snapshot = store.Current;
        return View(new SidebarModel(
            snapshot.Stories.Take(site.Value.LatestCount).ToArray(),
            new BriefsStripModel("sidebar", snapshot.Briefs.Take(briefs.Value.SidebarCount).ToArray(), time.GetUtcNow()),
            site.Value.Social,
            HttpContext.Request.Path + HttpContext.Request.QueryString));
    }
}

/// <summary>What the sidebar shows.</summary>
public sealed record SidebarModel(IReadOnlyList<Article> Latest, BriefsStripModel Briefs, IReadOnlyList<SocialLink> Social, string ReturnUrl);
