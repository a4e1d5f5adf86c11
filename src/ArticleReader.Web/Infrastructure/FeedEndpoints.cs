using System.Security.Cryptography;
using System.Text;
using ArticleReader.Web.Content;
using ArticleReader.Web.Feeds;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace ArticleReader.Web.Infrastructure;

/// <summary>RSS and Atom feeds (site, listings, briefs), the sitemap and robots.txt, with ETags.</summary>
public static class FeedEndpoints
{
    private const string RssType = "application/rss+xml; charset=utf-8";
    private const string AtomType = "application/atom+xml; charset=utf-8";

    public static IEndpointRouteBuilder MapFeeds(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        string[] methods = [HttpMethods.Get, HttpMethods.Head];
        endpoints.MapMethods("/feed.xml", methods, (HttpContext c, ContentStore s, IOptions<SiteOptions> o) => SiteFeed(c, s, o.Value, atom: false));
        endpoints.MapMethods("/atom.xml", methods, (HttpContext c, ContentStore s, IOptions<SiteOptions> o) => SiteFeed(c, s, o.Value, atom: true));
        endpoints.MapMethods("/briefs/feed.xml", methods, (HttpContext c, ContentStore s, IOptions<SiteOptions> o) => BriefsFeed(c, s, o.Value, atom: false));
        endpoints.MapMethods("/briefs/atom.xml", methods, (HttpContext c, ContentStore s, IOptions<SiteOptions> o) => BriefsFeed(c, s, o.Value, atom: true));
        foreach (var kind in new[] { "sections", "tags", "authors" })
        {
            endpoints.MapMethods($"/{kind}/{{slug}}/feed.xml", methods, (string slug, HttpContext c, ContentStore s, IOptions<SiteOptions> o) => ListingFeed(c, s, o.Value, kind, slug, atom: false));
            endpoints.MapMethods($"/{kind}/{{slug}}/atom.xml", methods, (string slug, HttpContext c, ContentStore s, IOptions<SiteOptions> o) => ListingFeed(c, s, o.Value, kind, slug, atom: true));
        }

        endpoints.MapMethods("/sitemap.xml", methods, (HttpContext c, ContentStore s, IOptions<SiteOptions> o) =>
            Send(c, SitemapWriter.Sitemap(s.Current, new Uri(o.Value.BaseUrl)), "application/xml; charset=utf-8"));
        endpoints.MapMethods("/robots.txt", methods, (HttpContext c, IOptions<SiteOptions> o) =>
            Send(c, Encoding.UTF8.GetBytes(SitemapWriter.Robots(new Uri(o.Value.BaseUrl))), "text/plain; charset=utf-8"));
        return endpoints;
    }

    private static IResult SiteFeed(HttpContext context, ContentStore store, SiteOptions site, bool atom)
    {
        var info = new FeedInfo(site.Title, site.Tagline, "/", atom ? "/atom.xml" : "/feed.xml");
        return Feed(context, info, store.Current.All, site, atom);
    }

    private static IResult BriefsFeed(HttpContext context, ContentStore store, SiteOptions site, bool atom)
    {
        var info = new FeedInfo($"{site.Title}: Briefs", "Short news items", "/briefs", atom ? "/briefs/atom.xml" : "/briefs/feed.xml");
        return Feed(context, info, store.Current.Briefs, site, atom);
    }

    private static IResult ListingFeed(HttpContext context, ContentStore store, SiteOptions site, string kind, string slug, bool atom)
    {
        var snapshot = store.Current;
        var listings = kind switch
        {
            "sections" => snapshot.Sections,
            "tags" => snapshot.Tags,
            _ => snapshot.Authors,
        };
        if (!listings.TryGetValue(slug, out var listing))
        {
            return Results.NotFound();
        }

        var page = $"/{kind}/{Uri.EscapeDataString(slug)}";
        var info = new FeedInfo($"{site.Title}: {listing.Subject.Name}", $"The latest on {listing.Subject.Name}", page, page + (atom ? "/atom.xml" : "/feed.xml"));
        return Feed(context, info, listing.Articles, site, atom);
    }

    private static IResult Feed(HttpContext context, FeedInfo info, IReadOnlyList<Article> articles, SiteOptions site, bool atom)
    {
        var baseUrl = new Uri(site.BaseUrl);
        var bytes = atom ? FeedWriter.Atom(info, articles, baseUrl, site.Title) : FeedWriter.Rss(info, articles, baseUrl);
        return Send(context, bytes, atom ? AtomType : RssType);
    }

    // A strong ETag from the bytes themselves: a reader polling an unchanged feed gets 304.
    private static IResult Send(HttpContext context, byte[] bytes, string contentType)
    {
        var etag = new EntityTagHeaderValue($"\"{Convert.ToHexStringLower(SHA256.HashData(bytes))[..20]}\"");
        context.Response.Headers.CacheControl = "public, max-age=300";
        if (context.Request.Headers.IfNoneMatch.Count > 0
            && EntityTagHeaderValue.TryParseList(context.Request.Headers.IfNoneMatch, out var tags)
            && tags.Any(t => t.Compare(etag, useStrongComparison: false) || t.Equals(EntityTagHeaderValue.Any)))
        {
            context.Response.Headers.ETag = etag.ToString();
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        return Results.Bytes(bytes, contentType, entityTag: etag);
    }
}
