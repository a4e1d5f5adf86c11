using ArticleReader.Web.Content;
using Microsoft.Extensions.Options;
using Serilog;

namespace ArticleReader.Web.Infrastructure;

/// <summary>Registers the site's services.</summary>
public static class ServiceCollectionExtensions
{
    /// <summary>The logger category of ASP.NET Core's per-request hosting diagnostics.</summary>
    public const string HostingDiagnosticsCategory = "Microsoft.AspNetCore.Hosting.Diagnostics";

    /// <summary>Adds logging, options, the content store and its watcher, and Razor Pages.</summary>
    public static WebApplicationBuilder AddArticleReader(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;

        services.AddSerilog((provider, configuration) => configuration
            .ReadFrom.Configuration(builder.Configuration)
            .ReadFrom.Services(provider)
            .Enrich.FromLogContext()
            // The hosting layer's own per-request lines ("Request starting/finished") are replaced
            // by the request log (ApplicationBuilderExtensions.RequestLogLevel). While its logger is
            // on at any level, it starts a trace Activity and a log scope for every request: about
            // 5 % of a cached page's CPU in a profile (docs/benchmarks.md). The request's reference
            // (RequestId) and path are put on lines by ApplicationBuilderExtensions instead. This
            // wins over configuration.
            .MinimumLevel.Override(HostingDiagnosticsCategory, Serilog.Events.LevelAlias.Off),
            // Each host its own logger: several hosts share a test process, and the static one
            // is replaced by each and closed by any.
            preserveStaticLogger: true);

        services.AddOptions<ContentOptions>().BindConfiguration(ContentOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SiteOptions>().BindConfiguration(SiteOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.Social.All(s => Uri.TryCreate(s.Url, UriKind.Absolute, out var u) && u.Scheme is "https" or "http"), "Site:Social entries need a name and an absolute http(s) url")
            .ValidateOnStart();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        // Request code runs on the socket's I/O thread, and socket completions run there too: no
        // thread hop per request, about a sixth less CPU per cached page (docs/benchmarks.md). Safe
        // here because no request path blocks a thread (the subscriber file's fsync runs on its own
        // writer task). Both halves are needed; either alone measured no gain. The socket switch is
        // an environment variable the runtime reads when the first socket is used, which is after
        // this. Test hosts turn it off: their process also runs the test's own HTTP clients.
        if (builder.Configuration.GetValue("Server:InlineIo", true))
        {
            Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");
            builder.WebHost.UseSockets(sockets => sockets.UnsafePreferInlineScheduling = true);
        }

        if (builder.Configuration.GetValue("Server:HotBuffers", true))
        {
            HotBlockPoolFactory.Register(services);
        }

        // An unpublished build (dotnet run outside Development, test hosts) finds its precompressed
        // assets through the runtime manifest; without it MapStaticAssets answers gzip/br requests
        // with empty bodies. A published build has no such manifest and serves from wwwroot.
        if (!builder.Environment.IsDevelopment()
            && File.Exists(Path.Combine(AppContext.BaseDirectory, $"{builder.Environment.ApplicationName}.staticwebassets.runtime.json")))
        {
            builder.WebHost.UseStaticWebAssets();
        }
        services.AddOptions<ProxyOptions>().BindConfiguration(ProxyOptions.Section)
            .Validate(o => o.KnownProxies.All(p => System.Net.IPAddress.TryParse(p, out _)), "ForwardedHeaders:KnownProxies must be IP addresses");
        services.AddOptions<EditorOptions>().BindConfiguration(EditorOptions.Section);
        services.AddOptions<BriefsOptions>().BindConfiguration(BriefsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RelatedOptions>().BindConfiguration(RelatedOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(provider =>
        {
            var content = provider.GetRequiredService<IOptions<ContentOptions>>().Value;
            var related = provider.GetRequiredService<IOptions<RelatedOptions>>().Value;
            var root = Path.GetFullPath(content.Root, Directory.GetCurrentDirectory());
            return new ContentStore(root, content.MaxFileBytes, related.Count, provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILogger<ContentStore>>());
        });
        services.AddHostedService<ContentWatcher>();

        services.AddHealthChecks().AddCheck<ContentHealthCheck>("content");
        services.AddNewsletter(builder.Configuration);
        services.AddAntiforgery(options => options.SuppressXFrameOptionsHeader = true);
        services.AddSingleton<PageCache>();
        services.AddResponseCompression(options =>
        {
            options.EnableForHttps = true;
            options.Providers.Add<Microsoft.AspNetCore.ResponseCompression.BrotliCompressionProvider>();
            options.Providers.Add<Microsoft.AspNetCore.ResponseCompression.GzipCompressionProvider>();
            options.MimeTypes = ["text/html", "application/xml", "application/rss+xml", "application/atom+xml", "text/plain", "application/json", "image/svg+xml"];
        });
        services.Configure<Microsoft.AspNetCore.ResponseCompression.BrotliCompressionProviderOptions>(o => o.Level = System.IO.Compression.CompressionLevel.Fastest);
        services.Configure<Microsoft.AspNetCore.ResponseCompression.GzipCompressionProviderOptions>(o => o.Level = System.IO.Compression.CompressionLevel.Fastest);
        services.AddRazorPages();
        // Names in any script (Олена Коваль) are written as they are, not as numeric entities.
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        return builder;
    }

    private static void TryAddSingleton<T>(this IServiceCollection services, T instance)
        where T : class
    {
        if (!services.Any(d => d.ServiceType == typeof(T)))
        {
            services.AddSingleton(instance);
        }
    }
}
