using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace ArticleReader.Web.Infrastructure;

/// <summary>The per-client-address limit on signups, with a friendly 429.</summary>
public static class NewsletterRateLimit
{
    public const string Policy = "newsletter";
    public const int MaxBodyBytes = 8 * 1024;
    public const string TooManyMessage = "You have tried several times in a short while. Please wait a minute and try again.";

    /// <summary>Adds the rate limiter with the newsletter policy.</summary>
    public static IServiceCollection AddNewsletterRateLimit(this IServiceCollection services, Func<IServiceProvider, int> permitsPerMinute)
    {
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = async (context, cancellationToken) =>
            {
                var response = context.HttpContext.Response;
                response.Headers.RetryAfter = "60";
                if (WantsJson(context.HttpContext.Request))
                {
                    await response.WriteAsJsonAsync(new { ok = false, message = TooManyMessage }, cancellationToken).ConfigureAwait(false);
                }

                // Otherwise the status code page (/error/429) explains it.
            };
            options.AddPolicy(Policy, context =>
            {
                var limit = permitsPerMinute(context.RequestServices);
                var client = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

                // With the postgres store, every instance counts against one limit in the database.
                if (context.RequestServices.GetService<SharedRateLimit>() is { } shared)
                {
                    return RateLimitPartition.Get(client, key => shared.CreateLimiter(key, limit));
                }

                return RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = limit,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
        });
        return services;
    }

    /// <summary>True for requests from the form's script, which asks for JSON.</summary>
    public static bool WantsJson(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Headers.Accept.Any(a => a is not null && a.Contains("application/json", StringComparison.OrdinalIgnoreCase));
    }
}
