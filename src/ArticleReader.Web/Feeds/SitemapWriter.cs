using System.Globalization;
using System.Text;
using System.Xml;
using ArticleReader.Web.Content;

namespace ArticleReader.Web.Feeds;

/// <summary>Writes /sitemap.xml and /robots.txt.</summary>
public static class SitemapWriter
{
    private const string Ns = "http://www.sitemaps.org/schemas/sitemap/0.9";

    /// <summary>Every published article and every listing, with the date it last changed.</summary>
    public static byte[] Sitemap(ContentSnapshot snapshot, Uri baseUrl)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        using var stream = new MemoryStream();
        using (var xml = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true }))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement("urlset", Ns);
            Write(xml, FeedWriter.Absolute(baseUrl, "/"), snapshot.All.Count > 0 ? snapshot.All.Max(FeedWriter.LastChange) : null);
            if (snapshot.Briefs.Count > 0)
            {
                Write(xml, FeedWriter.Absolute(baseUrl, "/briefs"), snapshot.Briefs.Max(FeedWriter.LastChange));
            }

            foreach (var (prefix, listings) in new[] { ("/sections/", snapshot.Sections), ("/tags/", snapshot.Tags), ("/authors/", snapshot.Authors) })
            {
                foreach (var listing in listings.Values.OrderBy(l => l.Subject.Slug, StringComparer.Ordinal))
                {
                    Write(xml, FeedWriter.Absolute(baseUrl, prefix + Uri.EscapeDataString(listing.Subject.Slug)), listing.Articles.Max(FeedWriter.LastChange));
                }
            }

            foreach (var article in snapshot.All)
            {
                Write(xml, FeedWriter.ArticleUrl(baseUrl, article), FeedWriter.LastChange(article));
            }

            xml.WriteEndElement();
        }

        return stream.ToArray();
    }

    /// <summary>robots.txt: keeps crawlers out of the editors' page, search results and teaser fragments, and names the sitemap.</summary>
    public static string Robots(Uri baseUrl) =>
        $"User-agent: *\nDisallow: /_editor/\nDisallow: /search\nDisallow: /teasers/\n\nSitemap: {FeedWriter.Absolute(baseUrl, "/sitemap.xml")}\n";

    private static void Write(XmlWriter xml, string location, DateTimeOffset? lastModified)
    {
        xml.WriteStartElement("url", Ns);
        xml.WriteElementString("loc", Ns, location);
        if (lastModified is { } date)
        {
            xml.WriteElementString("lastmod", Ns, date.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        }

        xml.WriteEndElement();
    }
}
