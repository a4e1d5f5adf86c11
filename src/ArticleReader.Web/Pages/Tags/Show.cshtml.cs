using ArticleReader.Web.Content;
using ArticleReader.Web.Infrastructure;
using ArticleReader.Web.Pages.Shared;
using Microsoft.Extensions.Options;

namespace ArticleReader.Web.Pages.Tags;

/// <summary>All articles of one tag, newest first.</summary>
public sealed class ShowModel(ContentStore store, IOptions<SiteOptions> site) : ListingPageModel(store, site)
{
    public override string KindLabel => "Topic";

    protected override IReadOnlyDictionary<string, Listing> Select(ContentSnapshot snapshot) => snapshot.Tags;
}
