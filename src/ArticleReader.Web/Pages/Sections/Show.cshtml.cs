using ArticleReader.Web.Content;
using ArticleReader.Web.Infrastructure;
using ArticleReader.Web.Pages.Shared;
using Microsoft.Extensions.Options;

namespace ArticleReader.Web.Pages.Sections;

/// <summary>All articles of one section, newest first.</summary>
public sealed class ShowModel(ContentStore store, IOptions<SiteOptions> site) : ListingPageModel(store, site)
{
    public override string KindLabel => "Section";

    protected override IReadOnlyDictionary<string, Listing> Select(ContentSnapshot snapshot) => snapshot.Sections;
}
