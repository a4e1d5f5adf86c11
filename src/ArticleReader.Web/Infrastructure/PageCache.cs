using System.Collections.Concurrent;
using System.IO.Compression;
using System.Security.Cryptography;
using ArticleReader.Web.Content;
using Microsoft.Net.Http.Headers;

namespace ArticleReader.Web.Infrastructure;

/// <summary>
/// Rendered reader pages kept in memory per content snapshot, so an article is served from bytes,
/// not rendered per request. A cached page is the same for every reader: the newsletter form
/// carries no per-reader field (its script fetches the antiforgery token and time stamp from
/// <c>/newsletter/fields</c>), so the bytes, and their Brotli and gzip forms, are made once.
/// A new snapshot (a file changed, a scheduled piece went live) empties the cache at once.
/// </summary>
public sealed class PageCache
{
    /// <summary>Pages show relative times ("2 hours ago"); an entry is rendered again after this long.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Bytes kept at most (identity plus compressed forms). Past it the cache starts over: a crawl
    /// through 10,000 articles must not keep 10,000 pages.
    /// </summary>
    public const long MaxBytes = 64L * 1024 * 1024;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private long _bytes;

    public PageCache(ContentStore store, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(store);
        _time = time;
        store.Published += _ => Clear();
    }

    /// <summary>Number of cached pages (for tests and diagnostics).</summary>
    public int Count => _entries.Count;

    /// <summary>Bytes held (for tests and diagnostics).</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    public bool TryGet(string key, long version, out Entry entry)
    {
        if (_entries.TryGetValue(key, out entry!) && entry.Version == version && entry.Expires > _time.GetUtcNow())
        {
            return true;
        }

        entry = null!;
        return false;
    }

    /// <summary>Keeps a rendered page, without its indentation (<see cref="HtmlWhitespace"/>).</summary>
    public Entry Store(string key, long version, byte[] page)
    {
        ArgumentNullException.ThrowIfNull(page);
        page = HtmlWhitespace.Collapse(page);
        var entry = new Entry(this, page, Convert.ToHexStringLower(SHA256.HashData(page))[..20], _time.GetUtcNow() + MaxAge, version);
        if (Interlocked.Add(ref _bytes, page.Length) > MaxBytes)
        {
            Clear();
            Interlocked.Add(ref _bytes, page.Length);
        }

        _entries[key] = entry;
        return entry;
    }

    private void Clear()
    {
        _entries.Clear();
        Interlocked.Exchange(ref _bytes, 0);
    }

    /// <summary>True for the reader pages that are cached: home, articles, teaser cards' expandable parts, listings, briefs.</summary>
    public static bool IsCacheable(PathString path)
    {
        var value = path.Value ?? "/";
        if (value == "/" || value.Equals("/briefs", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        foreach (var prefix in (string[])["/articles/", "/teasers/", "/sections/", "/tags/", "/authors/"])
        {
            if (value.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && value.Length > prefix.Length
                && value.IndexOf('/', prefix.Length) < 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A content coding the cache serves.</summary>
    public enum Coding
    {
        Identity,
        Gzip,
        Brotli,
    }

    /// <summary>
    /// The coding to send for an Accept-Encoding header: Brotli over gzip over none, skipping any
    /// the client refuses with q=0.
    /// </summary>
    public static Coding Choose(string? acceptEncoding)
    {
        if (string.IsNullOrEmpty(acceptEncoding))
        {
            return Coding.Identity;
        }

        var brotli = false;
        var gzip = false;
        foreach (var part in acceptEncoding.Split(','))
        {
            var semicolon = part.IndexOf(';', StringComparison.Ordinal);
            var name = (semicolon < 0 ? part : part[..semicolon]).Trim();
            if (semicolon >= 0 && IsZeroQuality(part[(semicolon + 1)..]))
            {
                continue;
            }

            brotli |= name.Equals("br", StringComparison.OrdinalIgnoreCase);
            gzip |= name.Equals("gzip", StringComparison.OrdinalIgnoreCase) || name == "*";
        }

        return brotli ? Coding.Brotli : gzip ? Coding.Gzip : Coding.Identity;
    }

    private static bool IsZeroQuality(string parameters)
    {
        var q = parameters.Trim();
        return q.StartsWith("q=", StringComparison.OrdinalIgnoreCase)
            && double.TryParse(q[2..], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value)
            && value <= 0;
    }

    /// <summary>One cached page: its bytes, and their compressed forms made on first demand.</summary>
    public sealed class Entry
    {
        private readonly PageCache _owner;
        private byte[]? _gzip;
        private byte[]? _brotli;
        private readonly string[] _etags;

        internal Entry(PageCache owner, byte[] identity, string hash, DateTimeOffset expires, long version)
        {
            _owner = owner;
            Identity = identity;
            Hash = hash;
            Expires = expires;
            Version = version;
            _etags = [$"\"{hash}\"", $"\"{hash}-gz\"", $"\"{hash}-br\""];
        }

        public byte[] Identity { get; }

        /// <summary>A hash of the identity bytes; each coding's strong ETag is made from it.</summary>
        public string Hash { get; }

        public DateTimeOffset Expires { get; }

        public long Version { get; }

        public string ETag(Coding coding) => _etags[(int)coding];

        /// <summary>True when an If-None-Match header names this page in any coding (or is *).</summary>
        public bool Matches(string ifNoneMatch)
        {
            foreach (var tag in ifNoneMatch.Split(','))
            {
                var value = tag.Trim();
                if (value.StartsWith("W/", StringComparison.Ordinal))
                {
                    value = value[2..];
                }

                if (value == "*" || Array.IndexOf(_etags, value) >= 0)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The bytes in <paramref name="coding"/>; compressed once, the first time a reader asks for it.</summary>
        public byte[] Body(Coding coding) => coding switch
        {
            Coding.Brotli => _brotli ?? Keep(ref _brotli, Compress(Identity, brotli: true)),
            Coding.Gzip => _gzip ?? Keep(ref _gzip, Compress(Identity, brotli: false)),
            _ => Identity,
        };

        private byte[] Keep(ref byte[]? slot, byte[] made)
        {
            if (Interlocked.CompareExchange(ref slot, made, null) is { } other)
            {
                return other;
            }

            Interlocked.Add(ref _owner._bytes, made.Length);
            return made;
        }

        private static byte[] Compress(byte[] data, bool brotli)
        {
            using var output = new MemoryStream(data.Length / 3);
            // Quality 6 / Optimal: most of the gain of the slowest settings at a small fraction
            // of their time, paid once per page and snapshot.
            using (Stream compressor = brotli
                ? new BrotliStream(output, new BrotliCompressionOptions { Quality = 6 }, leaveOpen: true)
                : new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
            {
                compressor.Write(data);
            }

            return output.ToArray();
        }
    }
}

/// <summary>Serves reader pages from <see cref="PageCache"/> and fills it on a miss.</summary>
public sealed class PageCacheMiddleware(RequestDelegate next, PageCache cache, ContentStore store)
{
    /// <summary>
    /// The same page for every reader, so shared caches may keep it, but everyone revalidates
    /// (a cheap 304 by ETag): an edited article shows on the next load.
    /// </summary>
    public const string HtmlCacheControl = "public, no-cache";

    /// <summary>A page that holds one reader's own message (after a signup without script).</summary>
    public const string PersonalCacheControl = "private, no-store";

    /// <summary>The cookie of the TempData provider: a reader who just signed up sees their own message, never a cached page.</summary>
    public const string TempDataCookie = ".AspNetCore.Mvc.CookieTempDataProvider";

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            || !PageCache.IsCacheable(request.Path))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        // Parsed only when there is a Cookie header at all.
        if (request.Headers.Cookie.Count > 0 && request.Cookies.ContainsKey(TempDataCookie))
        {
            context.Response.OnStarting(() =>
            {
                context.Response.Headers.CacheControl = PersonalCacheControl;
                return Task.CompletedTask;
            });
            await next(context).ConfigureAwait(false);
            return;
        }

        var key = request.QueryString.HasValue ? request.Path.Value + request.QueryString.Value : request.Path.Value!;
        var version = store.Current.Version;
        if (cache.TryGet(key, version, out var entry))
        {
            await Serve(context, entry).ConfigureAwait(false);
            return;
        }

        // Rendered without compression (the cache makes its own compressed forms) into a buffer.
        var acceptEncoding = request.Headers.AcceptEncoding;
        request.Headers.AcceptEncoding = default;
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
            request.Headers.AcceptEncoding = acceptEncoding;
        }

        var response = context.Response;
        var isHtml = response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true;
        if (response.StatusCode == StatusCodes.Status200OK && isHtml && !response.Headers.ContainsKey(HeaderNames.SetCookie))
        {
            await Serve(context, cache.Store(key, version, buffer.ToArray())).ConfigureAwait(false);
            return;
        }

        buffer.Position = 0;
        await buffer.CopyToAsync(original, context.RequestAborted).ConfigureAwait(false);
    }

    private static Task Serve(HttpContext context, PageCache.Entry entry)
    {
        var response = context.Response;
        var coding = PageCache.Choose(context.Request.Headers.AcceptEncoding);
        var headers = response.Headers;
        SecurityHeaders.Apply(headers);
        headers.CacheControl = HtmlCacheControl;
        headers.Vary = HeaderNames.AcceptEncoding;
        headers.ETag = entry.ETag(coding);
        if (context.Request.Headers.IfNoneMatch.ToString() is { Length: > 0 } match && entry.Matches(match))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        var body = entry.Body(coding);
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/html; charset=utf-8";
        if (coding != PageCache.Coding.Identity)
        {
            headers.ContentEncoding = coding == PageCache.Coding.Brotli ? "br" : "gzip";
        }

        response.ContentLength = body.Length;
        return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : WriteAsync(response, body, context.RequestAborted);
    }

    private static async Task WriteAsync(HttpResponse response, byte[] body, CancellationToken cancellationToken) =>
        await response.BodyWriter.WriteAsync(body, cancellationToken).ConfigureAwait(false);
}
