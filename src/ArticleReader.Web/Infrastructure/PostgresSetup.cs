using ArticleReader.Web.Newsletter;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ArticleReader.Web.Infrastructure;

/// <summary>
/// Registers the <c>postgres</c> subscriber store (<c>Newsletter:Store</c>) with what several instances share
/// through the same database: the rate-limit counts and, unless <c>DataProtection:KeysFolder</c> is set, the
/// Data Protection key ring.
/// </summary>
public static partial class PostgresSetup
{
    /// <summary>The value of <c>Newsletter:Store</c> that selects this store.</summary>
    public const string StoreName = "postgres";

    /// <summary>The connection string's name: <c>ConnectionStrings:Subscribers</c>.</summary>
    public const string ConnectionStringName = "Subscribers";

    /// <summary>True when <c>Newsletter:Store</c> is <c>postgres</c> (any case).</summary>
    public static bool IsSelected(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return IsSelected(configuration[$"{NewsletterOptions.Section}:Store"]);
    }

    /// <summary>True when <paramref name="store"/> names this store.</summary>
    public static bool IsSelected(string? store) => string.Equals(store?.Trim(), StoreName, StringComparison.OrdinalIgnoreCase);

    /// <summary>Adds the data source, the store, its start-up check, the shared rate limit and (when <paramref name="persistKeys"/>) the key ring table.</summary>
    public static IServiceCollection AddPostgresSubscriberStore(this IServiceCollection services, IDataProtectionBuilder dataProtection, bool persistKeys)
    {
        ArgumentNullException.ThrowIfNull(dataProtection);

        // The connection string is validated at start (NewsletterSetup); the pool is created on first use.
        services.AddSingleton(provider => NpgsqlDataSource.Create(provider.GetRequiredService<IConfiguration>().GetConnectionString(ConnectionStringName)!));
        services.AddSingleton(provider => new PostgresSubscriberStore(provider.GetRequiredService<NpgsqlDataSource>(), provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ISubscriberStore>(provider => provider.GetRequiredService<PostgresSubscriberStore>());
        services.AddHostedService<PostgresStoreInitializer>();
        services.AddSingleton(provider => new PostgresRateLimitCounter(provider.GetRequiredService<NpgsqlDataSource>()));
        services.AddSingleton<SharedRateLimit>();
        if (persistKeys)
        {
            services.AddSingleton(provider => new PostgresXmlRepository(provider.GetRequiredService<NpgsqlDataSource>, provider.GetRequiredService<TimeProvider>()));
            dataProtection.Services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(provider =>
                new ConfigureOptions<KeyManagementOptions>(options => options.XmlRepository = provider.GetRequiredService<PostgresXmlRepository>()));
        }

        return services;
    }

    /// <summary>
    /// The message for a missing or malformed connection string, or null when it is usable.
    /// Never repeats the string itself: it may hold a password.
    /// </summary>
    public static string? CheckConnectionString(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return "Newsletter:Store is 'postgres' but ConnectionStrings:Subscribers is empty; set it to a PostgreSQL connection string such as "
                + "'Host=db.internal;Database=articlereader;Username=articlereader;Password=...' (environment variable ConnectionStrings__Subscribers).";
        }

        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            return string.IsNullOrWhiteSpace(builder.Host)
                ? "ConnectionStrings:Subscribers names no Host; add 'Host=...' (the PostgreSQL server's name or address)."
                : null;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            return $"ConnectionStrings:Subscribers is not a valid PostgreSQL connection string ({ex.Message}); write it as 'Host=...;Port=5432;Database=...;Username=...;Password=...'.";
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The subscriber database cannot be used yet; signups answer 503 until it can (articles are served as usual)")]
    private static partial void LogUnavailable(ILogger logger, Exception exception);

    /// <summary>
    /// Creates the table at start. A database that cannot be reached does not stop the site: it is logged,
    /// signups answer 503, and each signup tries again.
    /// </summary>
    /// <remarks>The store is resolved in <see cref="StartAsync"/>, after options validation: hosted services are built before it.</remarks>
    private sealed class PostgresStoreInitializer(IServiceProvider services, ILogger<PostgresStoreInitializer> logger) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            try
            {
                await services.GetRequiredService<PostgresSubscriberStore>().EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (SubscriberStoreUnavailableException ex)
            {
                LogUnavailable(logger, ex);
            }
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
