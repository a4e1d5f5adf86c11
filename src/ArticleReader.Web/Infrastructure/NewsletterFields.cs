using ArticleReader.Web.Newsletter;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Options;

namespace ArticleReader.Web.Infrastructure;

/// <summary>
/// The per-reader fields of the signup form (antiforgery token and time stamp), as JSON for the
/// form's script. Keeping them out of the page is what lets every page be cached as the same bytes.
/// </summary>
public static class NewsletterFields
{
    public const string Path = "/newsletter/fields";

    /// <summary>The JSON answer: the hidden fields to add to the form, and how long the script waits before sending.</summary>
    public sealed record Answer(IReadOnlyDictionary<string, string> Fields, double MinSecondsToSubmit);

    /// <summary>The two hidden fields for this reader; sets the antiforgery cookie on the response.</summary>
    public static Dictionary<string, string> Issue(HttpContext context, IAntiforgery antiforgery, IFormStamp stamp)
    {
        ArgumentNullException.ThrowIfNull(antiforgery);
        ArgumentNullException.ThrowIfNull(stamp);
        var tokens = antiforgery.GetAndStoreTokens(context);
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [tokens.FormFieldName] = tokens.RequestToken!,
            ["stamp"] = stamp.Issue(),
        };
    }

    public static IEndpointRouteBuilder MapNewsletterFields(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Path, (HttpContext context, IAntiforgery antiforgery, IFormStamp stamp, IOptions<NewsletterOptions> options) =>
        {
            var fields = Issue(context, antiforgery, stamp);
            context.Response.Headers.CacheControl = "no-store";
            return Results.Json(new Answer(fields, options.Value.MinSecondsToSubmit));
        });
        return endpoints;
    }
}
