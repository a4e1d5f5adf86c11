using System.Net;
using System.Text.Json;
using AngleSharp.Dom;
using ArticleReader.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ArticleReader.Tests.Reliability;

/// <summary>A small site behind a real Kestrel socket, shared by the header tests (read-only).</summary>
public sealed class SecuredSiteFixture : IDisposable
{
    public SecuredSiteFixture()
    {
        Content = new TempContent();
        Content.Write("images/lead.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"12\" height=\"7\"><rect width=\"12\" height=\"7\"/></svg>");
        Content.Article("2025-01-01-first.md", "First Piece", date: null,
            extra: "section: Europe\ntags: [Grain]\nauthor: Clara Wendt\ndek: A dek.\nimage: images/lead.svg\nimage_alt: A port\naliases: [/old/first]",
            body: "Opening paragraph about grain.\n\n<script>alert('inline')</script>\n\n<p onclick=\"alert(1)\">Click</p>\n\n[bad](javascript:alert(1))\n");
        // A title that tries to close the JSON-LD block and open a script of its own.
        Content.Article("2025-01-02-breakout.md", "'</script><script>alert(1)</script> Breakout \"quoted\"'", date: null,
            extra: "section: Europe\ntags: [Grain]\nauthor: Clara Wendt\ndek: \"</script><img src=x onerror=alert(1)>\"");
        Content.Article("briefs/2025-01-03-brief.md", "A Brief", date: null, extra: "type: Brief\nsection: Europe");
        Site = new KestrelSite(Content.Root);
    }

    public TempContent Content { get; }

    public KestrelSite Site { get; }

    public void Dispose()
    {
        Site.Dispose();
        Content.Dispose();
    }
}

public sealed class SecurityHeadersTests(SecuredSiteFixture fixture) : IClassFixture<SecuredSiteFixture>
{
    public static TheoryData<string, int> ResponseKinds => new()
    {
        { "page", 200 },
        { "article", 200 },
        { "listing", 200 },
        { "search", 200 },
        { "briefs", 200 },
        { "not-found", 404 },
        { "bad-page-number", 400 },
        { "method-not-allowed", 405 },
        { "alias-redirect", 301 },
        { "css", 200 },
        { "js", 200 },
        { "favicon", 200 },
        { "media-svg", 200 },
        { "feed-rss", 200 },
        { "feed-atom", 200 },
        { "listing-feed", 200 },
        { "sitemap", 200 },
        { "robots", 200 },
        { "healthz", 200 },
        { "newsletter-json-ok", 200 },
        { "newsletter-json-invalid", 400 },
        { "newsletter-without-token", 400 },
    };

    public static TheoryData<string> Pages => new()
    {
        "/", "/?page=2", "/articles/first", "/articles/breakout", "/sections/europe", "/tags/grain", "/authors/clara-wendt",
        "/briefs", "/search", "/search?q=grain", "/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E", "/newsletter",
        "/articles/no-such-piece", "/?page=abc", "/error/500",
    };

    [Theory]
    [MemberData(nameof(ResponseKinds))]
    public async Task Response_OfEveryKind_HasSecurityHeadersAndNoServerHeader(string kind, int expectedStatus)
    {
        using var response = await SendAsync(kind);
        Assert.Equal(expectedStatus, (int)response.StatusCode);

        var csp = Directives(Single(response, "Content-Security-Policy"));
        var scriptSources = csp.TryGetValue("script-src", out var script) ? script : csp["default-src"];
        Assert.DoesNotContain("'unsafe-inline'", scriptSources);
        Assert.DoesNotContain("'unsafe-eval'", scriptSources);
        Assert.True(csp.TryGetValue("frame-ancestors", out var ancestors), $"{kind}: CSP without frame-ancestors: {Single(response, "Content-Security-Policy")}");
        Assert.Equal(["'none'"], ancestors);

        Assert.Equal("nosniff", Single(response, "X-Content-Type-Options"));
        Assert.Equal("strict-origin-when-cross-origin", Single(response, "Referrer-Policy"));
        Assert.False(string.IsNullOrWhiteSpace(Single(response, "Permissions-Policy")));
        Assert.Empty(Values(response, "Server"));
        Assert.Empty(Values(response, "X-Powered-By"));
        Assert.Empty(Values(response, "Strict-Transport-Security"));
    }

    [Theory]
    [InlineData("/articles/first", null)]
    [InlineData("/", "br")]
    [InlineData("/sections/europe", "gzip")]
    public async Task CachedPage_AndItsNotModified_CarryTheSameSecurityHeaders(string path, string? encoding)
    {
        // The page cache answers these itself, before the pipeline that adds the headers to other answers.
        string[] names = ["Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "Permissions-Policy", "Cross-Origin-Opener-Policy", "X-Frame-Options"];
        async Task<HttpResponseMessage> Get(string? etag)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
            if (encoding is not null)
            {
                request.Headers.TryAddWithoutValidation("Accept-Encoding", encoding);
            }

            if (etag is not null)
            {
                request.Headers.TryAddWithoutValidation("If-None-Match", etag);
            }

            return await fixture.Site.Client.SendAsync(request);
        }

        // The reference: a page the cache does not keep, with the headers the pipeline adds.
        using var search = await fixture.Site.Client.GetAsync(new Uri("/search?q=grain", UriKind.Relative));
        using var first = await Get(null);
        using var cached = await Get(null);
        using var notModified = await Get(Single(cached, "ETag"));
        Assert.Equal(HttpStatusCode.OK, cached.StatusCode);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        foreach (var name in names)
        {
            var expected = Single(search, name);
            Assert.Equal(expected, Single(first, name));
            Assert.Equal(expected, Single(cached, name));
            Assert.Equal(expected, Single(notModified, name));
        }
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Page_HasNoInlineScriptExceptJsonLdData(string url)
    {
        using var response = await fixture.Site.Client.GetAsync(new Uri(url, UriKind.Relative));
        Assert.StartsWith("text/html", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        var document = await Html.GetDocumentAsync(response);

        var scripts = document.QuerySelectorAll("script").ToArray();
        Assert.NotEmpty(scripts);
        foreach (var script in scripts)
        {
            var src = script.GetAttribute("src");
            if (src is not null)
            {
                Assert.True(src.StartsWith('/') && !src.StartsWith("//", StringComparison.Ordinal), $"{url}: script from elsewhere: {src}");
                Assert.True(string.IsNullOrWhiteSpace(script.TextContent), $"{url}: script with src also has inline text");
                continue;
            }

            Assert.Equal("application/ld+json", script.GetAttribute("type"));
            using var data = JsonDocument.Parse(script.TextContent);
            Assert.Equal(JsonValueKind.Object, data.RootElement.ValueKind);
        }

        // Inline handlers and javascript: links are inline script too (the CSP would block them; none should be sent).
        var handlers = document.All.SelectMany(e => e.Attributes.Select(a => (Element: e, Attribute: a)))
            .Where(x => x.Attribute.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase))
            .Select(x => $"<{x.Element.LocalName} {x.Attribute.Name}>")
            .ToArray();
        Assert.Empty(handlers);
        Assert.DoesNotContain(document.QuerySelectorAll("[href],[src],[action],[formaction]"), e =>
            new[] { "href", "src", "action", "formaction" }.Any(name => e.GetAttribute(name)?.TrimStart().StartsWith("javascript:", StringComparison.OrdinalIgnoreCase) == true));
    }

    [Fact]
    public async Task ArticleWithScriptInTitle_JsonLdStaysOneDataBlock()
    {
        var document = await Html.GetAsync(fixture.Site.Client, "/articles/breakout");
        var data = Assert.Single(document.QuerySelectorAll("script[type='application/ld+json']"));
        using var json = JsonDocument.Parse(data.TextContent);
        Assert.Contains("</script>", json.RootElement.GetProperty("headline").GetString(), StringComparison.Ordinal);
        Assert.Equal("</script><script>alert(1)</script> Breakout \"quoted\"", document.QuerySelector("h1")!.TextContent);
    }

    [Theory]
    [InlineData("Testing")]
    [InlineData("Development")]
    [InlineData("Staging")]
    public async Task Hsts_OutsideProduction_IsAbsentEvenOverHttps(string environment)
    {
        using var factory = new SiteFactory(fixture.Content.Root, environment: environment);
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://meridian.example/"), AllowAutoRedirect = false });
        using var response = await client.GetAsync(new Uri("/articles/first", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(Values(response, "Strict-Transport-Security"));
    }

    [Fact]
    public async Task Hsts_InProduction_IsSentOverHttps()
    {
        // The control for the test above: the same request in Production does carry HSTS.
        using var factory = new SiteFactory(fixture.Content.Root, environment: "Production");
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://meridian.example/"), AllowAutoRedirect = false });
        using var response = await client.GetAsync(new Uri("/articles/first", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("max-age=", Single(response, "Strict-Transport-Security"), StringComparison.Ordinal);

        // The same page again comes from the page cache, and so does its 304: both keep HSTS.
        using var cached = await client.GetAsync(new Uri("/articles/first", UriKind.Relative));
        using var conditional = new HttpRequestMessage(HttpMethod.Get, new Uri("/articles/first", UriKind.Relative));
        conditional.Headers.TryAddWithoutValidation("If-None-Match", Single(cached, "ETag"));
        using var notModified = await client.SendAsync(conditional);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(Single(response, "Strict-Transport-Security"), Single(cached, "Strict-Transport-Security"));
        Assert.Equal(Single(response, "Strict-Transport-Security"), Single(notModified, "Strict-Transport-Security"));
    }

    private async Task<HttpResponseMessage> SendAsync(string kind)
    {
        var client = fixture.Site.Client;
        Uri Url(string path) => new(path, UriKind.Relative);
        switch (kind)
        {
            case "method-not-allowed":
                return await client.DeleteAsync(Url("/"));
            case "newsletter-json-ok" or "newsletter-json-invalid":
            {
                using var reader = fixture.Site.CreateClient(cookies: true);
                var email = kind == "newsletter-json-ok" ? $"headers-{Guid.NewGuid():N}@example.com" : "not-an-address";
                return await Forms.SubmitAsync(reader, "/", "form.newsletter-signup", new Dictionary<string, string> { ["email"] = email }, json: true);
            }

            case "newsletter-without-token":
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, Url("/newsletter"))
                {
                    Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = "bare@example.com" }),
                };
                request.Headers.Accept.ParseAdd("application/json");
                return await client.SendAsync(request);
            }

            default:
                var path = kind switch
                {
                    "page" => "/",
                    "article" => "/articles/first",
                    "listing" => "/sections/europe",
                    "search" => "/search?q=grain",
                    "briefs" => "/briefs",
                    "not-found" => "/articles/no-such-piece",
                    "bad-page-number" => "/?page=abc",
                    "alias-redirect" => "/old/first",
                    "css" => "/css/site.css",
                    "js" => "/js/site.js",
                    "favicon" => "/favicon.svg",
                    "media-svg" => "/media/images/lead.svg",
                    "feed-rss" => "/feed.xml",
                    "feed-atom" => "/atom.xml",
                    "listing-feed" => "/sections/europe/feed.xml",
                    "sitemap" => "/sitemap.xml",
                    "robots" => "/robots.txt",
                    "healthz" => "/healthz",
                    _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown response kind"),
                };
                return await client.GetAsync(Url(path));
        }
    }

    private static string[] Values(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.ToArray()
        : response.Content.Headers.TryGetValues(name, out var content) ? content.ToArray()
        : [];

    private static string Single(HttpResponseMessage response, string name)
    {
        var values = Values(response, name);
        Assert.True(values.Length == 1, $"{response.RequestMessage?.RequestUri}: expected one {name} header, got [{string.Join(" | ", values)}]");
        return values[0];
    }

    // "default-src 'self'; frame-ancestors 'none'" -> { default-src: ['self'], frame-ancestors: ['none'] }
    private static Dictionary<string, string[]> Directives(string policy) =>
        policy.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => d.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .GroupBy(parts => parts[0].ToLowerInvariant())
            .ToDictionary(g => g.Key, g => g.First()[1..], StringComparer.Ordinal);
}
