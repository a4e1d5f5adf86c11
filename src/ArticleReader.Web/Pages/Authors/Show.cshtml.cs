using ArticleReader.Web.Content;
using ArticleReader.Web.Infrastructure;
using ArticleReader.Web.Pages.Shared;
using Microsoft.Extensions.Options;

namespace ArticleReader.Web.Pages.Authors;

/// <summary>All articles of one author, newest first.</summary>
public sealed class ShowModel(ContentStore store, IOptions<SiteOptions> site) : ListingPageModel(store, site)
{
    public override string KindLabel => "Author";

    protected override IReadOnlyDictionary<string, Listing> Select(ContentSnapshot snapshot) => snapshot.Authors;
}
