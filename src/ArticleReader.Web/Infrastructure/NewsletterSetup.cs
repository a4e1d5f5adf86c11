using ArticleReader.Web.Newsletter;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace ArticleReader.Web.Infrastructure;

/// <summary>Registers the newsletter: options, subscriber store, signup service, form stamps, rate limit.</summary>
public static partial class NewsletterSetup
{
    public static IServiceCollection AddNewsletter(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<NewsletterOptions>().BindConfiguration(NewsletterOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<NewsletterOptions>, SubscribersFileValidator>();
        services.AddSingleton<IValidateOptions<NewsletterOptions>, ConnectionStringValidator>();

        var keysFolder = configuration[$"{DataProtectionSettings.Section}:KeysFolder"];
        var dataProtection = services.AddDataProtection().SetApplicationName("ArticleReader");
        if (!string.IsNullOrWhiteSpace(keysFolder))
        {
            dataProtection.PersistKeysToFileSystem(new DirectoryInfo(keysFolder));
        }

        services.AddSingleton<IFormStamp, FormStamp>();
        if (PostgresSetup.IsSelected(configuration))
        {
            // Keys go to the database too, unless a shared keys folder was chosen.
            services.AddPostgresSubscriberStore(dataProtection, persistKeys: string.IsNullOrWhiteSpace(keysFolder));
        }
        else
        {
            services.AddSingleton(provider => new ReopeningSubscriberStore(() =>
            {
                var options = provider.GetRequiredService<IOptions<NewsletterOptions>>().Value;
                var store = FileSubscriberStore.Open(SubscribersPath(options), provider.GetRequiredService<TimeProvider>());
                var logger = provider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(NewsletterSetup));
                foreach (var warning in store.OpenWarnings)
                {
                    LogOpenWarning(logger, warning);
                }

                return store;
            }));
            services.AddSingleton<ISubscriberStore>(provider => provider.GetRequiredService<ReopeningSubscriberStore>());
            services.AddHostedService<SubscriberStoreOpener>();
        }

        services.AddSingleton(provider => new SignupService(
            provider.GetRequiredService<ISubscriberStore>(),
            provider.GetRequiredService<IFormStamp>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<IOptions<NewsletterOptions>>().Value.MinSecondsToSubmit,
            provider.GetRequiredService<ILogger<SignupService>>()));
        services.AddNewsletterRateLimit(provider => provider.GetRequiredService<IOptions<NewsletterOptions>>().Value.RateLimitPerMinute);
        return services;
    }

    /// <summary>The subscriber file as a full path (relative paths resolve against the working directory).</summary>
    public static string SubscribersPath(NewsletterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Path.GetFullPath(options.SubscribersFile, Directory.GetCurrentDirectory());
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subscriber file: {Warning}")]
    private static partial void LogOpenWarning(ILogger logger, string warning);

    /// <summary>Refuses a subscriber file that the site would serve or read as content.</summary>
    private sealed class SubscribersFileValidator(IWebHostEnvironment environment, IOptions<ContentOptions> content) : IValidateOptions<NewsletterOptions>
    {
        public ValidateOptionsResult Validate(string? name, NewsletterOptions options)
        {
            // The postgres store never opens the file, wherever the setting points.
            if (PostgresSetup.IsSelected(options.Store))
            {
                return ValidateOptionsResult.Success;
            }

            var file = SubscribersPath(options);
            var contentRoot = Path.GetFullPath(content.Value.Root, Directory.GetCurrentDirectory());
            foreach (var (folder, what) in new[] { (environment.WebRootPath, "wwwroot"), (contentRoot, "the content folder") })
            {
                if (!string.IsNullOrEmpty(folder) && IsUnder(file, Path.GetFullPath(folder)))
                {
                    return ValidateOptionsResult.Fail($"Newsletter:SubscribersFile '{file}' is inside {what} ({folder}), where it could be served or read as content; choose a path outside it, such as data/subscribers.csv");
                }
            }

            return ValidateOptionsResult.Success;
        }

        private static bool IsUnder(string path, string folder) =>
            path.StartsWith(folder.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }

    /// <summary>With <c>Newsletter:Store</c> = <c>postgres</c>, the connection string is required and must parse.</summary>
    private sealed class ConnectionStringValidator(IConfiguration configuration) : IValidateOptions<NewsletterOptions>
    {
        public ValidateOptionsResult Validate(string? name, NewsletterOptions options) =>
            PostgresSetup.IsSelected(options.Store) && PostgresSetup.CheckConnectionString(configuration.GetConnectionString(PostgresSetup.ConnectionStringName)) is { } error
                ? ValidateOptionsResult.Fail(error)
                : ValidateOptionsResult.Success;
    }

    /// <summary>
    /// Opens the subscriber file at start: a file held by another process stops the start with a
    /// clear message; a file that cannot be written is logged and signups answer 503 until it can.
    /// </summary>
    private sealed partial class SubscriberStoreOpener(ReopeningSubscriberStore store, ILogger<SubscriberStoreOpener> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            try
            {
                _ = store.Inner;
            }
            catch (SubscriberStoreUnavailableException ex)
            {
                LogUnavailable(ex);
            }

            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => store.DisposeAsync().AsTask();

        [LoggerMessage(Level = LogLevel.Error, Message = "The subscriber file cannot be used; signups answer 503 until it can (articles are served as usual)")]
        private partial void LogUnavailable(Exception exception);
    }
}
