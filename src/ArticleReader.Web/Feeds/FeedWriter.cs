using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using ArticleReader.Web.Content;

namespace ArticleReader.Web.Feeds;

/// <summary>What a feed is about: the whole site or one listing.</summary>
/// <param name="Title">Feed title, e.g. "The Meridian Review: Europe".</param>
/// <param name="PagePath">Site-relative path of the page the feed follows ("/sections/europe").</param>
/// <param name="FeedPath">Site-relative path of the feed itself.</param>
public sealed record FeedInfo(string Title, string Description, string PagePath, string FeedPath);

/// <summary>Writes RSS 2.0 and Atom 1.0 feeds with XmlWriter; every link is absolute.</summary>
public static partial class FeedWriter
{
    /// <summary>Articles in a feed.</summary>
    public const int ItemCount = 20;

    private static readonly XmlWriterSettings Settings = new() { Encoding = new UTF8Encoding(false), Indent = true, Async = false };

    /// <summary>RSS 2.0 with content:encoded (the sanitized body) and dc:creator (authors).</summary>
    public static byte[] Rss(FeedInfo feed, IReadOnlyList<Article> articles, Uri baseUrl)
    {
        ArgumentNullException.ThrowIfNull(feed);
        ArgumentNullException.ThrowIfNull(articles);
        ArgumentNullException.ThrowIfNull(baseUrl);
        using var stream = new MemoryStream();
        using (var xml = XmlWriter.Create(stream, Settings))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement("rss");
            xml.WriteAttributeString("version", "2.0");
            xml.WriteAttributeString("xmlns", "content", null, "http://purl.org/rss/1.0/modules/content/");
            xml.WriteAttributeString("xmlns", "dc", null, "http://purl.org/dc/elements/1.1/");
            xml.WriteAttributeString("xmlns", "atom", null, "http://www.w3.org/2005/Atom");
            xml.WriteStartElement("channel");
            xml.WriteElementString("title", feed.Title);
            xml.WriteElementString("link", Absolute(baseUrl, feed.PagePath));
            xml.WriteElementString("description", feed.Description);
            xml.WriteElementString("language", "en");
            xml.WriteStartElement("atom", "link", "http://www.w3.org/2005/Atom");
            xml.WriteAttributeString("href", Absolute(baseUrl, feed.FeedPath));
            xml.WriteAttributeString("rel", "self");
            xml.WriteAttributeString("type", "application/rss+xml");
            xml.WriteEndElement();
            if (articles.Count > 0)
            {
                xml.WriteElementString("lastBuildDate", articles.Max(LastChange).ToString("R", CultureInfo.InvariantCulture));
            }

            foreach (var article in articles.Take(ItemCount))
            {
                var link = ArticleUrl(baseUrl, article);
                xml.WriteStartElement("item");
                xml.WriteElementString("title", article.Title);
                xml.WriteElementString("link", link);
                xml.WriteStartElement("guid");
                xml.WriteAttributeString("isPermaLink", "true");
                xml.WriteString(link);
                xml.WriteEndElement();
                xml.WriteElementString("pubDate", article.Date.ToString("R", CultureInfo.InvariantCulture));
                xml.WriteElementString("description", article.Dek ?? article.Excerpt);
                foreach (var author in article.Authors)
                {
                    xml.WriteElementString("dc", "creator", "http://purl.org/dc/elements/1.1/", author.Name);
                }

                foreach (var category in Categories(article))
                {
                    xml.WriteElementString("category", category);
                }

                xml.WriteStartElement("content", "encoded", "http://purl.org/rss/1.0/modules/content/");
                xml.WriteCData(AbsoluteLinks(article.BodyHtml, baseUrl).Replace("]]>", "]]&gt;", StringComparison.Ordinal));
                xml.WriteEndElement();
                xml.WriteEndElement();
            }

            xml.WriteEndElement();
            xml.WriteEndElement();
        }

        return stream.ToArray();
    }

    /// <summary>Atom 1.0 with summary (dek) and content (sanitized body, type html).</summary>
    public static byte[] Atom(FeedInfo feed, IReadOnlyList<Article> articles, Uri baseUrl, string siteTitle)
    {
        ArgumentNullException.ThrowIfNull(feed);
        ArgumentNullException.ThrowIfNull(articles);
        ArgumentNullException.ThrowIfNull(baseUrl);
        const string Ns = "http://www.w3.org/2005/Atom";
        using var stream = new MemoryStream();
        using (var xml = XmlWriter.Create(stream, Settings))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement("feed", Ns);
            xml.WriteElementString("title", Ns, feed.Title);
            xml.WriteElementString("subtitle", Ns, feed.Description);
            xml.WriteElementString("id", Ns, Absolute(baseUrl, feed.FeedPath));
            WriteLink(xml, Absolute(baseUrl, feed.FeedPath), "self", "application/atom+xml");
            WriteLink(xml, Absolute(baseUrl, feed.PagePath), "alternate", "text/html");
            var updated = articles.Count > 0 ? articles.Max(LastChange) : DateTimeOffset.UnixEpoch;
            xml.WriteElementString("updated", Ns, Iso(updated));
            xml.WriteStartElement("author", Ns);
            xml.WriteElementString("name", Ns, siteTitle);
            xml.WriteEndElement();
            foreach (var article in articles.Take(ItemCount))
            {
                var link = ArticleUrl(baseUrl, article);
                xml.WriteStartElement("entry", Ns);
                xml.WriteElementString("title", Ns, article.Title);
                xml.WriteElementString("id", Ns, link);
                WriteLink(xml, link, "alternate", "text/html");
                xml.WriteElementString("published", Ns, Iso(article.Date));
                xml.WriteElementString("updated", Ns, Iso(LastChange(article)));
                foreach (var author in article.Authors)
                {
                    xml.WriteStartElement("author", Ns);
                    xml.WriteElementString("name", Ns, author.Name);
                    xml.WriteElementString("uri", Ns, Absolute(baseUrl, "/authors/" + Uri.EscapeDataString(author.Slug)));
                    xml.WriteEndElement();
                }

                foreach (var category in Categories(article))
                {
                    xml.WriteStartElement("category", Ns);
                    xml.WriteAttributeString("term", category);
                    xml.WriteEndElement();
                }

                xml.WriteStartElement("summary", Ns);
                xml.WriteAttributeString("type", "text");
                xml.WriteString(article.Dek ?? article.Excerpt);
                xml.WriteEndElement();
                xml.WriteStartElement("content", Ns);
                xml.WriteAttributeString("type", "html");
                xml.WriteString(AbsoluteLinks(article.BodyHtml, baseUrl));
                xml.WriteEndElement();
                xml.WriteEndElement();
            }

            xml.WriteEndElement();
        }

        return stream.ToArray();
    }

    /// <summary>The absolute URL of a site-relative path.</summary>
    public static string Absolute(Uri baseUrl, string path)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        ArgumentNullException.ThrowIfNull(path);
        return path.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || path.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
            ? path
            : baseUrl.GetLeftPart(UriPartial.Authority) + baseUrl.AbsolutePath.TrimEnd('/') + path;
    }

    /// <summary>The absolute URL of an article.</summary>
    public static string ArticleUrl(Uri baseUrl, Article article)
    {
        ArgumentNullException.ThrowIfNull(article);
        return Absolute(baseUrl, "/articles/" + Uri.EscapeDataString(article.Slug));
    }

    /// <summary>When the article last changed: its update date, else its date.</summary>
    public static DateTimeOffset LastChange(Article article)
    {
        ArgumentNullException.ThrowIfNull(article);
        return article.Updated is { } updated && updated > article.Date ? updated : article.Date;
    }

    private static IEnumerable<string> Categories(Article article) =>
        (article.Section is { } section ? new[] { section.Name } : []).Concat(article.Tags.Select(t => t.Name)).Distinct(StringComparer.OrdinalIgnoreCase);

    // Feed readers show the body away from the site: site-relative links and images must be absolute.
    private static string AbsoluteLinks(string html, Uri baseUrl) =>
        SiteRelativeAttribute().Replace(html, m => $"{m.Groups[1].Value}=\"{Absolute(baseUrl, "/")[..^1]}/");

    private static string Iso(DateTimeOffset date) => date.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static void WriteLink(XmlWriter xml, string href, string rel, string type)
    {
        xml.WriteStartElement("link", "http://www.w3.org/2005/Atom");
        xml.WriteAttributeString("href", href);
        xml.WriteAttributeString("rel", rel);
        xml.WriteAttributeString("type", type);
        xml.WriteEndElement();
    }

    [GeneratedRegex("(href|src)=\"/(?!/)")]
    private static partial Regex SiteRelativeAttribute();
}
