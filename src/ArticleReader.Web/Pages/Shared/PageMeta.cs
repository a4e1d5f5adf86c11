using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using ArticleReader.Web.Content;
using ArticleReader.Web.Feeds;
using ArticleReader.Web.Infrastructure;

namespace ArticleReader.Web.Pages.Shared;

/// <summary>A feed linked from a page's head for autodiscovery.</summary>
public sealed record FeedLink(string Title, string Path, bool Atom);

/// <summary>Sharing and search-engine metadata of one page, with absolute URLs.</summary>
public sealed class PageMeta
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.Default, WriteIndented = false };

    public required string Title { get; init; }

    public required string Description { get; init; }

    public required string CanonicalUrl { get; init; }

    public required string ImageUrl { get; init; }

    public string? ImageAlt { get; init; }

    public string OgType { get; init; } = "website";

    public Article? Article { get; init; }

    public IReadOnlyList<FeedLink> Feeds { get; init; } = [];

    /// <summary>Builds the metadata from what a page put in its ViewData.</summary>
    public static PageMeta Create(SiteOptions site, string? title, string? description, string path, int page, Article? article, IReadOnlyList<FeedLink>? extraFeeds)
    {
        ArgumentNullException.ThrowIfNull(site);
        var baseUrl = new Uri(site.BaseUrl);
        var canonical = FeedWriter.Absolute(baseUrl, path) + (page > 1 ? $"?page={page}" : string.Empty);
        var image = article?.Image is { } lead ? FeedWriter.Absolute(baseUrl, lead.Url) : FeedWriter.Absolute(baseUrl, "/og-default.png");
        var feeds = new List<FeedLink> { new($"{site.Title} (RSS)", "/feed.xml", false), new($"{site.Title} (Atom)", "/atom.xml", true) };
        feeds.AddRange(extraFeeds ?? []);
        return new PageMeta
        {
            Title = string.IsNullOrEmpty(title) ? site.Title : $"{title} | {site.Title}",
            Description = description ?? article?.Excerpt ?? site.Tagline,
            CanonicalUrl = canonical,
            ImageUrl = image,
            ImageAlt = article?.Image?.Alt ?? (article is null ? site.Title : null),
            OgType = article is null ? "website" : "article",
            Article = article,
            Feeds = feeds.Select(f => f with { Path = FeedWriter.Absolute(baseUrl, f.Path) }).ToArray(),
        };
    }

    /// <summary>Schema.org NewsArticle as JSON, serialized by System.Text.Json (HTML-safe: '&lt;' is escaped).</summary>
    public string NewsArticleJson(SiteOptions site)
    {
        ArgumentNullException.ThrowIfNull(site);
        var article = Article ?? throw new InvalidOperationException("not an article page");
        var baseUrl = new Uri(site.BaseUrl);
        var data = new JsonObject
        {
            ["@context"] = "https://schema.org",
            ["@type"] = "NewsArticle",
            ["headline"] = article.Title,
            ["description"] = Description,
            ["image"] = new JsonArray(ImageUrl),
            ["datePublished"] = Iso(article.Date),
            ["dateModified"] = Iso(FeedWriter.LastChange(article)),
            ["author"] = new JsonArray(article.Authors.Select(a => (JsonNode)new JsonObject
            {
                ["@type"] = "Person",
                ["name"] = a.Name,
                ["url"] = FeedWriter.Absolute(baseUrl, "/authors/" + Uri.EscapeDataString(a.Slug)),
            }).ToArray()),
            ["publisher"] = new JsonObject
            {
                ["@type"] = "Organization",
                ["name"] = site.Title,
                ["logo"] = new JsonObject { ["@type"] = "ImageObject", ["url"] = FeedWriter.Absolute(baseUrl, "/og-default.png") },
            },
            ["mainEntityOfPage"] = new JsonObject { ["@type"] = "WebPage", ["@id"] = CanonicalUrl },
        };
        if (article.Section is { } section)
        {
            data["articleSection"] = section.Name;
        }

        if (article.Tags.Count > 0)
        {
            data["keywords"] = string.Join(", ", article.Tags.Select(t => t.Name));
        }

        return data.ToJsonString(Json);
    }

    /// <summary>ISO 8601 with offset, as Open Graph and schema.org expect.</summary>
    public static string Iso(DateTimeOffset date) => date.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}
