using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using ArticleReader.Web.Content;
using ArticleReader.Web.Newsletter;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Net.Http.Headers;

namespace ArticleReader.Web.Infrastructure;

/// <summary>
/// Rendered reader pages kept in memory per content snapshot, so an article is served from bytes,
/// not rendered per request. Every page carries the newsletter form, whose antiforgery token and
/// time stamp belong to one reader; they sit between two markers and are spliced in fresh for
/// each request. ASP.NET Core's output cache cannot do that splice, hence this small cache.
/// A new snapshot (a file changed, a scheduled piece went live) empties it at once.
/// </summary>
public sealed class PageCache
{
    public const string FieldsStart = "<!--ar:fields-->";
    public const string FieldsEnd = "<!--/ar:fields-->";

    /// <summary>Pages show relative times ("2 hours ago"); an entry is rendered again after this long.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(60);

    /// <summary>At most this many pages are kept (listings and articles; search results are never cached).</summary>
    public const int MaxEntries = 20_000;

    private static readonly byte[] StartBytes = Encoding.UTF8.GetBytes(FieldsStart);
    private static readonly byte[] EndBytes = Encoding.UTF8.GetBytes(FieldsEnd);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    public PageCache(ContentStore store, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(store);
        _time = time;
        store.Published += _ => _entries.Clear();
    }

    /// <summary>Number of cached pages (for tests and diagnostics).</summary>
    public int Count => _entries.Count;

    /// <summary>A cached page: the bytes before and after the per-reader fields.</summary>
    public sealed record Entry(byte[] Head, byte[] Tail, string ETag, DateTimeOffset Expires, long Version);

    public bool TryGet(string key, long version, out Entry entry)
    {
        if (_entries.TryGetValue(key, out entry!) && entry.Version == version && entry.Expires > _time.GetUtcNow())
        {
            return true;
        }

        entry = null!;
        return false;
    }

    /// <summary>Keeps a rendered page if it has exactly one pair of field markers.</summary>
    public Entry? Store(string key, long version, byte[] page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var start = page.AsSpan().IndexOf(StartBytes);
        var end = page.AsSpan().IndexOf(EndBytes);
        if (start < 0 || end < start || page.AsSpan(end + EndBytes.Length).IndexOf(StartBytes) >= 0)
        {
            return null;
        }

        var head = page.AsSpan(0, start + StartBytes.Length).ToArray();
        var tail = page.AsSpan(end).ToArray();
        var hash = SHA256.HashData([.. head, .. tail]);
        var entry = new Entry(head, tail, $"W/\"{version:x}-{Convert.ToHexStringLower(hash)[..16]}\"", _time.GetUtcNow() + MaxAge, version);
        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }

        _entries[key] = entry;
        return entry;
    }

    /// <summary>True for the reader pages that are cached: home, articles, listings, briefs.</summary>
    public static bool IsCacheable(PathString path)
    {
        var value = path.Value ?? "/";
        if (value == "/" || value.Equals("/briefs", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        foreach (var prefix in (string[])["/articles/", "/sections/", "/tags/", "/authors/"])
        {
            if (value.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && value.Length > prefix.Length
                && value.IndexOf('/', prefix.Length) < 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The hidden fields of the newsletter form for this request: a fresh antiforgery token and time stamp.</summary>
    public static string Fields(HttpContext context, IAntiforgery antiforgery, IFormStamp stamp)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(antiforgery);
        ArgumentNullException.ThrowIfNull(stamp);
        var tokens = antiforgery.GetAndStoreTokens(context);
        return $"<input name=\"{tokens.FormFieldName}\" type=\"hidden\" value=\"{WebUtility.HtmlEncode(tokens.RequestToken)}\"><input type=\"hidden\" name=\"stamp\" value=\"{WebUtility.HtmlEncode(stamp.Issue())}\">";
    }
}

/// <summary>Serves reader pages from <see cref="PageCache"/> and fills it on a miss.</summary>
public sealed class PageCacheMiddleware(RequestDelegate next, PageCache cache, ContentStore store, IAntiforgery antiforgery, IFormStamp stamp)
{
    /// <summary>HTML may be kept by the reader's browser but must be revalidated (it holds their own form token), and never by shared caches.</summary>
    public const string HtmlCacheControl = "private, no-cache";

    // The cookie of the TempData provider: a reader who just signed up sees their own message, never a cached page.
    private const string TempDataCookie = ".AspNetCore.Mvc.CookieTempDataProvider";

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            || !PageCache.IsCacheable(request.Path)
            || request.Cookies.ContainsKey(TempDataCookie))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var key = request.Path.Value + request.QueryString.Value;
        var version = store.Current.Version;
        if (cache.TryGet(key, version, out var entry))
        {
            await Serve(context, entry).ConfigureAwait(false);
            return;
        }

        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            context.Response.Body = original;
        }

        var response = context.Response;
        var isHtml = response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true;
        // Only the body is kept: a Set-Cookie (the antiforgery cookie) belongs to this response alone.
        if (response.StatusCode == StatusCodes.Status200OK && isHtml && cache.Store(key, version, buffer.ToArray()) is { } stored)
        {
            response.Headers.ETag = stored.ETag;
            response.Headers.CacheControl = HtmlCacheControl;
            response.Headers.Remove(HeaderNames.Pragma);
        }

        buffer.Position = 0;
        await buffer.CopyToAsync(original, context.RequestAborted).ConfigureAwait(false);
    }

    private async Task Serve(HttpContext context, PageCache.Entry entry)
    {
        var response = context.Response;
        if (context.Request.Headers.IfNoneMatch.ToString() is { Length: > 0 } match && match.Split(',').Any(t => t.Trim() == entry.ETag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            response.Headers.ETag = entry.ETag;
            response.Headers.CacheControl = HtmlCacheControl;
            return;
        }

        var fields = Encoding.UTF8.GetBytes(PageCache.Fields(context, antiforgery, stamp));
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/html; charset=utf-8";
        response.Headers.ETag = entry.ETag;
        // Generating the token asks for no-store; the page is the reader's own and is revalidated by ETag.
        response.Headers.CacheControl = HtmlCacheControl;
        response.Headers.Remove(HeaderNames.Pragma);
        response.ContentLength = entry.Head.Length + fields.Length + entry.Tail.Length;
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return;
        }

        await response.Body.WriteAsync(entry.Head, context.RequestAborted).ConfigureAwait(false);
        await response.Body.WriteAsync(fields, context.RequestAborted).ConfigureAwait(false);
        await response.Body.WriteAsync(entry.Tail, context.RequestAborted).ConfigureAwait(false);
    }
}
