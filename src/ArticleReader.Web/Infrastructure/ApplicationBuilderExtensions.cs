using ArticleReader.Web.Content;
using Serilog;
using Serilog.Context;
using Serilog.Core.Enrichers;
using Serilog.Events;

namespace ArticleReader.Web.Infrastructure;

/// <summary>The request pipeline.</summary>
public static class ApplicationBuilderExtensions
{
    /// <summary>Error pages, request logging, static assets, media, pages, health and redirects.</summary>
    public static WebApplication UseArticleReader(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseConfiguredForwardedHeaders(app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ProxyOptions>>().Value);
        if (!app.Environment.IsDevelopment())
        {
            // The error page writes the failure's line, with the reference it shows (ErrorModel).
            app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandlingPath = "/error/500", SuppressDiagnosticsCallback = _ => true });
        }

        if (app.Environment.IsProduction())
        {
            // A redirect to HTTPS (no body) goes out without the security headers, which are set
            // further on: adding them here would cost every plain-HTTP request behind a proxy.
            app.UseHsts();
            app.UseHttpsRedirection();
        }

        // Until the first snapshot is there, requests wait for it; /healthz answers at once (503).
        var store = app.Services.GetRequiredService<ContentStore>();
        app.Use((context, next) => store.IsLoaded || context.Request.Path.StartsWithSegments("/healthz")
            ? next(context)
            : WaitForContent(store, context, next));

        // A cached page is answered here, as early as it can be: it is a 200 or 304 (no status
        // page applies), carries its own compressed forms (so it comes before compression) and
        // sets the security headers itself. A miss goes on through the rest of the pipeline and
        // fills the cache. A hit is never a failure, so outside Development (where a quick
        // success is not logged) the request log comes after the cache, and a hit has no line,
        // even a slow one (a hit's time is the client's and the network's); with every request
        // logged (Development, or the override at Debug at start) it comes first.
        var everyRequest = app.Environment.IsDevelopment();
        var logHits = everyRequest || app.Services.GetRequiredService<ILoggerFactory>()
            .CreateLogger(RequestLogCategory).IsEnabled(LogLevel.Debug);
        if (logHits)
        {
            app.UseRequestLog(everyRequest);
        }

        app.UseMiddleware<PageCacheMiddleware>();
        // Every line written while a page is rendered or a form handled carries the request's
        // reference and path (the hosting layer's log scope did this for every request, hits too).
        app.Use(async (context, next) =>
        {
            using (LogContext.Push(new PropertyEnricher("RequestId", context.TraceIdentifier), new PropertyEnricher("RequestPath", context.Request.Path.Value)))
            {
                await next(context).ConfigureAwait(false);
            }
        });
        app.UseSecurityHeaders();
        if (!logHits)
        {
            app.UseRequestLog(everyRequest);
        }

        app.UseStatusCodePagesWithReExecute("/error/{0}");
        app.UseAllowedMethods();
        app.UseResponseCompression();
        app.UseRouting();
        app.UseRateLimiter();
        // Placed here rather than by WebApplication, which would put them in front of everything,
        // cached pages included. The site has no sign-in; Razor Pages registers them.
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapStaticAssets();
        app.MapMedia();
        app.MapFeeds();
        app.MapNewsletterFields();
        app.MapHealthChecks("/healthz");
        app.MapRazorPages().WithStaticAssets();
        app.MapFallback("/{**path}", RedirectOrNotFound);
        return app;
    }

    /// <summary>The logger category of Serilog's request log.</summary>
    public const string RequestLogCategory = "Serilog.AspNetCore.RequestLoggingMiddleware";

    private static void UseRequestLog(this WebApplication app, bool everyRequest) =>
        app.UseSerilogRequestLogging(options =>
        {
            // This host's logger, not the process-wide static one (several hosts share a test process).
            options.Logger = app.Services.GetService<Serilog.ILogger>();
            options.GetLevel = (context, elapsedMs, exception) => RequestLogLevel(context.Response.StatusCode, elapsedMs, exception, everyRequest);
            // The reference an error page shows (Error.cshtml), so a reader's report finds its line.
            options.MessageTemplate = "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0000} ms (ref {RequestId})";
            options.EnrichDiagnosticContext = (diagnostics, context) => diagnostics.Set("RequestId", context.TraceIdentifier);
        });

    private static async Task WaitForContent(ContentStore store, HttpContext context, RequestDelegate next)
    {
        await store.WhenLoaded.WaitAsync(context.RequestAborted).ConfigureAwait(false);
        await next(context).ConfigureAwait(false);
    }

    /// <summary>
    /// The level of a request's log line. Failures and slow answers are always written; a quick
    /// success is Debug outside Development: the reverse proxy in front keeps the access log, and
    /// a line per request was a quarter of the CPU an article costs (docs/benchmarks.md). Set
    /// <c>Serilog:MinimumLevel:Override:Serilog.AspNetCore.RequestLoggingMiddleware</c> to
    /// <c>Debug</c> for every request.
    /// </summary>
    public static LogEventLevel RequestLogLevel(int statusCode, double elapsedMs, Exception? exception, bool everyRequest) =>
        exception is not null || statusCode >= 500 ? LogEventLevel.Error
        : elapsedMs >= 1000 ? LogEventLevel.Warning
        : statusCode >= 400 || everyRequest ? LogEventLevel.Information
        : LogEventLevel.Debug;

    // Old paths (front matter 'aliases', earlier slugs of an article with an 'id') answer 301.
    private static IResult RedirectOrNotFound(HttpContext context, ContentStore store)
    {
        var path = context.Request.Path.Value?.TrimEnd('/') ?? string.Empty;
        if (store.Current.Redirects.TryGetValue(path, out var slug))
        {
            return Results.Redirect($"/articles/{Uri.EscapeDataString(slug)}", permanent: true);
        }

        return Results.NotFound();
    }
}
