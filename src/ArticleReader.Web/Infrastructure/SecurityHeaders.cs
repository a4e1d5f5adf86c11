using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace ArticleReader.Web.Infrastructure;

/// <summary>The <c>ForwardedHeaders</c> section: which reverse proxies may tell us the client's address.</summary>
public sealed class ProxyOptions
{
    public const string Section = "ForwardedHeaders";

    /// <summary>Addresses of trusted proxies (e.g. "127.0.0.1"); empty: forwarded headers are ignored.</summary>
    public List<string> KnownProxies { get; set; } = [];
}

/// <summary>Secure defaults on every response (but a redirect to HTTPS), and the HTTP methods the site answers.</summary>
public static class SecurityHeaders
{
    /// <summary>No inline script anywhere: every script is a file from this site.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' https: data:; font-src 'self'; " +
        "connect-src 'self'; form-action 'self'; base-uri 'self'; object-src 'none'; frame-ancestors 'none'";

    /// <summary>Adds the headers (an endpoint that set its own CSP, such as an SVG under /media, keeps it).</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        // Set when the response starts, so that error pages (which clear headers) get them too;
        // a static callback with the response as state costs no allocation per request.
        context.Response.OnStarting(AddHeaders, context.Response);
        return next(context);
    });

    private static Task AddHeaders(object state)
    {
        var headers = ((HttpResponse)state).Headers;
        if (!headers.ContainsKey("Content-Security-Policy"))
        {
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
        }

        SetOthers(headers);
        headers.Remove("Server");
        headers.Remove("X-Powered-By");
        return Task.CompletedTask;
    }

    /// <summary>
    /// Sets the headers, the site's CSP included, with plain sets and no lookups: the page cache
    /// calls it for the pages it answers, which never set a CSP of their own.
    /// </summary>
    public static void Apply(IHeaderDictionary headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        SetOthers(headers);
    }

    private static void SetOthers(IHeaderDictionary headers)
    {
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers.XFrameOptions = "DENY";
    }

    /// <summary>GET and HEAD everywhere, POST only for the newsletter; anything else answers 405 with Allow.</summary>
    public static IApplicationBuilder UseAllowedMethods(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var method = context.Request.Method;
        var isNewsletter = context.Request.Path.Equals("/newsletter", StringComparison.OrdinalIgnoreCase);
        // Error pages re-executed for a POST (a 400 or 429 from the newsletter) keep that method.
        var reExecuted = context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>() is not null
            || context.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>() is not null;
        if (reExecuted || HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || (HttpMethods.IsPost(method) && isNewsletter))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
        context.Response.Headers.Allow = isNewsletter ? "GET, HEAD, POST" : "GET, HEAD";
    });

    /// <summary>Honours X-Forwarded-For/Proto only from the configured proxies, so rate limits see real clients.</summary>
    public static IApplicationBuilder UseConfiguredForwardedHeaders(this IApplicationBuilder app, ProxyOptions proxies)
    {
        ArgumentNullException.ThrowIfNull(proxies);
        var options = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto };
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in proxies.KnownProxies)
        {
            options.KnownProxies.Add(IPAddress.Parse(proxy));
        }

        return proxies.KnownProxies.Count > 0 ? app.UseForwardedHeaders(options) : app;
    }
}
