using System.Net;
using AngleSharp.Html.Parser;
using ArticleReader.Tests.Infrastructure;

namespace ArticleReader.Tests.Reliability;

/// <summary>
/// A site whose content folder has traps: links that lead out of it, hidden files, and next to
/// it (outside) a folder of canary files whose unique text must never come back in a response.
/// </summary>
public sealed class HostileSiteFixture : IDisposable
{
    public HostileSiteFixture()
    {
        Content = new TempContent();
        // A sibling whose name starts with the content folder's name: a prefix check without a
        // separator ("/tmp/x" vs "/tmp/x-outside") would let it through.
        Outside = Content.Root + "-outside";
        Directory.CreateDirectory(Outside);
        OutsideName = Path.GetFileName(Outside);
        Canary = "CANARY-" + Guid.NewGuid().ToString("N");
        Secret = "SECRET-" + Guid.NewGuid().ToString("N");
        SourceMarker = "SOURCE-" + Guid.NewGuid().ToString("N");

        foreach (var name in new[] { "canary.png", "canary.svg", "canary.pdf", "canary.txt", "passwd" })
        {
            File.WriteAllText(Path.Combine(Outside, name), $"{Canary} root:x:0:0:root:/root:/bin/bash");
        }

        File.WriteAllText(Path.Combine(Outside, "canary.md"), $"---\ntitle: Leaked {Canary}\ndate: 2025-01-01\n---\n\n{Canary} body.\n");

        Content.Write("images/lead.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"12\" height=\"7\"><rect width=\"12\" height=\"7\"/></svg>");
        Content.Article("2025-01-01-first.md", "First Piece", date: null,
            extra: $"section: Europe\ntags: [Grain]\nauthor: Clara Wendt\nsource_marker: {SourceMarker}");
        Content.Article("2025-01-02-second.md", "Second Piece", date: null, extra: $"section: Europe\ntags: [Grain]\nauthor: Clara Wendt\nsource_marker: {SourceMarker}");
        Content.Article("briefs/2025-01-03-brief.md", "A Brief", date: null, extra: "type: Brief\nsection: Europe");
        Content.Write("images/.secret.png", Secret);
        Content.Write(".private/photo.png", Secret);
        Content.Write("images/notes.txt", Secret);

        // Links inside the content folder that point out of it: a file, a folder, an article.
        File.CreateSymbolicLink(Path.Combine(Content.Root, "images", "escape.png"), Path.Combine(Outside, "canary.png"));
        File.CreateSymbolicLink(Path.Combine(Content.Root, "images", "escape.svg"), Path.Combine(Outside, "canary.svg"));
        Directory.CreateSymbolicLink(Path.Combine(Content.Root, "images", "outside"), Outside);
        File.CreateSymbolicLink(Path.Combine(Content.Root, "leak.md"), Path.Combine(Outside, "canary.md"));
        File.CreateSymbolicLink(Path.Combine(Content.Root, "images", "etc.png"), "/etc/passwd");

        Site = new KestrelSite(Content.Root);
    }

    public TempContent Content { get; }

    public string Outside { get; }

    public string OutsideName { get; }

    /// <summary>Text of every file outside the content folder.</summary>
    public string Canary { get; }

    /// <summary>Text of hidden and not-allowed files inside the content folder.</summary>
    public string Secret { get; }

    /// <summary>An unknown front matter field: it is in the markdown source and nowhere in the rendered site.</summary>
    public string SourceMarker { get; }

    public KestrelSite Site { get; }

    public void Dispose()
    {
        Site.Dispose();
        Content.Dispose();
        Directory.Delete(Outside, recursive: true);
    }
}

public sealed class HostileInputTests(HostileSiteFixture fixture) : IClassFixture<HostileSiteFixture>
{
    private static readonly string LongSegment = new('a', 5000);

    /// <summary>Raw request targets; {out} is the name of the folder next to the content root, {abs} its full path.</summary>
    public static TheoryData<string> HostilePaths => new()
    {
        "/articles/../../etc/passwd",
        "/articles/..%2f..%2f..%2fetc%2fpasswd",
        "/articles/..%2F..%2F{out}%2Fcanary",
        "/articles/%2e%2e/%2e%2e/{out}/canary.md",
        "/articles/%252e%252e%252f%252e%252e%252fetc%252fpasswd",
        "/articles/..\\..\\{out}\\canary.md",
        "/articles/..%5c..%5c{out}%5ccanary.md",
        "/articles/first%00.md",
        "/articles/%00",
        "/articles/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd",
        "/articles/%e2%80%a4%e2%80%a4/%ef%bc%8e%ef%bc%8e/etc/passwd",
        "/articles/" + LongSegment,
        "/articles/leak",
        "/articles/canary",
        "/sections/..%2f..%2fetc%2fpasswd",
        "/sections/" + LongSegment,
        "/tags/%2e%2e%2f%2e%2e%2f{out}%2fcanary.md",
        "/tags/%c0%ae%c0%ae%c0%af",
        "/authors/..%5c..%5cetc%5cpasswd",
        "/authors/%00%2f..",
        "//etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/media/../../../../etc/passwd",
        "/media/%2F..%2F..%2Fetc%2Fpasswd",
        "/media/..%2f{out}%2fcanary.png",
        "/media/%2e%2e/{out}/canary.png",
        "/media/images/%2e%2e/%2e%2e/{out}/canary.svg",
        "/media/%252e%252e/{out}/canary.png",
        "/media/..\\{out}\\canary.png",
        "/media/images/..%5c..%5c{out}%5ccanary.png",
        "/media/%c0%ae%c0%ae/{out}/canary.png",
        "/media/%e2%80%a5/{out}/canary.png",
        "/media/%ef%bc%8e%ef%bc%8e/{out}/canary.png",
        "/media/{out}/../{out}/canary.png",
        "/media//{abs}/canary.png",
        "/media/%2f{abs}%2fcanary.png",
        "/media/images/escape.png",
        "/media/images/escape.svg",
        "/media/images/etc.png",
        "/media/images/outside/canary.png",
        "/media/images/outside/passwd",
        "/media/images/.secret.png",
        "/media/.private/photo.png",
        "/media/images/notes.txt",
        "/media/2025-01-01-first.md",
        "/media/2025-01-01-first.md%00.png",
        "/media/2025-01-01-first.md%2500.png",
        "/media/2025-01-01-first.md/.png",
        "/media/2025-01-01-FIRST.MD",
        "/media/images/lead.svg%00",
        "/media/" + LongSegment + ".png",
        "/media/images/lead.svg/..%2f..%2f..%2f{out}%2fcanary.png",
        "/data/subscribers.csv",
        "/css/..%2f..%2f..%2fappsettings.json",
        "/ArticleReader.Web.dll",
    };

    private static readonly string[] PagedUrls = ["/", "/sections/europe", "/tags/grain", "/authors/clara-wendt", "/briefs", "/search?q=grain"];

    public static TheoryData<string> BadPageValues => new()
    {
        "-1", "0", "99999999999999999999", "abc", "1e3", "%00", "1%00", "1.5", "+1", "%201", "0x10", "%EF%BC%91", "2147483648", "1,2", "%2D1", "999999999",
    };

    public static TheoryData<string> ReadablePaths => new()
    {
        "/", "/articles/first", "/sections/europe", "/tags/grain", "/authors/clara-wendt", "/briefs", "/search?q=grain", "/newsletter",
        "/feed.xml", "/media/images/lead.svg", "/css/site.css",
    };

    public static TheoryData<string, string> DisallowedMethods
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var method in new[] { "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "PROPFIND" })
            {
                foreach (var path in new[] { "/", "/articles/first", "/sections/europe", "/briefs", "/search?q=grain", "/newsletter", "/media/images/lead.svg" })
                {
                    data.Add(method, path);
                }
            }

            return data;
        }
    }

    public static TheoryData<string> PostTargets => new()
    {
        "/", "/articles/first", "/articles/no-such-piece", "/sections/europe", "/tags/grain", "/briefs", "/search?q=grain",
        "/feed.xml", "/media/images/lead.svg", "/healthz", "/error/404", "/error/500", "/newsletter/", "/css/site.css",
    };

    [Theory]
    [MemberData(nameof(HostilePaths))]
    public async Task Get_HostilePath_NeverFailsNorLeaksFiles(string template)
    {
        var target = template.Replace("{out}", fixture.OutsideName, StringComparison.Ordinal)
            .Replace("{abs}", fixture.Outside.TrimStart('/'), StringComparison.Ordinal);
        var response = await RawHttp.SendAsync(fixture.Site.Port, "GET", target);

        Assert.True(response.Status < 500, $"{target} answered {response.Status}");
        var body = response.BodyText;
        Assert.DoesNotContain(fixture.Canary, body, StringComparison.Ordinal);
        Assert.DoesNotContain(fixture.Secret, body, StringComparison.Ordinal);
        Assert.DoesNotContain(fixture.SourceMarker, body, StringComparison.Ordinal);
        Assert.DoesNotContain("root:x:0:0", body, StringComparison.Ordinal);
        Assert.DoesNotContain("\"Serilog\"", body, StringComparison.Ordinal);
        Assert.True(response.Status >= 400 || !target.StartsWith("/media/", StringComparison.Ordinal), $"{target} served a file ({response.Status})");
    }

    [Fact]
    public async Task Get_ControlMediaAndArticle_AreServed()
    {
        // The hostile cases above are only meaningful if the same endpoints do serve legitimate files.
        var media = await RawHttp.SendAsync(fixture.Site.Port, "GET", "/media/images/lead.svg");
        Assert.Equal(200, media.Status);
        Assert.Contains("<svg", media.BodyText, StringComparison.Ordinal);
        var article = await RawHttp.SendAsync(fixture.Site.Port, "GET", "/articles/first");
        Assert.Equal(200, article.Status);
        Assert.Contains("First Piece", article.BodyText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_ForCanaryOfLinkedArticle_FindsNothing()
    {
        // leak.md links to a file outside the folder: it must not become an article.
        using var response = await fixture.Site.Client.GetAsync(new Uri($"/search?q={fixture.Canary}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        Assert.Empty(document.QuerySelectorAll(".teaser-card"));
        Assert.DoesNotContain("Leaked", document.Body!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(document.QuerySelectorAll("a[href]"), a => a.GetAttribute("href")!.Contains("leak", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(BadPageValues))]
    public async Task Get_BadPageNumber_Answers400Or404(string value)
    {
        foreach (var url in PagedUrls)
        {
            var target = url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "page=" + value;
            var response = await RawHttp.SendAsync(fixture.Site.Port, "GET", target);
            Assert.True(response.Status is 400 or 404, $"{target} answered {response.Status}");
        }
    }

    [Theory]
    [MemberData(nameof(ReadablePaths))]
    public async Task Head_ReadablePath_Answers200WithoutBody(string path)
    {
        var response = await RawHttp.SendAsync(fixture.Site.Port, "HEAD", path);
        Assert.Equal(200, response.Status);
        Assert.Equal(0, response.BodyBytesOnWire);
    }

    [Theory]
    [MemberData(nameof(DisallowedMethods))]
    public async Task DisallowedMethod_OnPage_Answers405WithAllow(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
        using var response = await fixture.Site.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        var allow = response.Content.Headers.Allow;
        Assert.Contains("GET", allow);
        Assert.DoesNotContain(method, allow);
        await AssertErrorPageSays405(response);
    }

    [Theory]
    [MemberData(nameof(PostTargets))]
    public async Task Post_ToAnythingButNewsletter_Answers405(string path)
    {
        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = "x@example.com" });
        using var response = await fixture.Site.Client.PostAsync(new Uri(path, UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.DoesNotContain("POST", response.Content.Headers.Allow);
        await AssertErrorPageSays405(response);
    }

    // When a 405 has a page, it must be the 405 page, not a page claiming a server fault.
    private static async Task AssertErrorPageSays405(HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync();
        if (html.Length == 0)
        {
            return;
        }

        var document = new HtmlParser().ParseDocument(html);
        Assert.Equal("Error 405", document.QuerySelector(".error-page .listing-kind")?.TextContent.Trim());
    }
}
