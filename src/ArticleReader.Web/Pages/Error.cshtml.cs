using ArticleReader.Web.Content;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ArticleReader.Web.Pages;

/// <summary>The page for 404 and other errors: it helps the reader on, and never shows details.</summary>
[IgnoreAntiforgeryToken]
public sealed partial class ErrorModel(ContentStore store, ILogger<ErrorModel> logger) : PageModel
{
    public int Status { get; private set; }

    public string? RequestId { get; private set; }

    public IReadOnlyList<Article> Latest { get; private set; } = [];

    public void OnGet(int? code) => Fill(code);

    public void OnPost(int? code) => Fill(code);

    // A re-executed PUT, DELETE, OPTIONS... keeps its method, for which there is no handler here:
    // without this, Razor Pages answers OPTIONS with an empty 200 and the others with "Error 0".
    public override void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.HandlerMethod is null)
        {
            Fill(int.TryParse(RouteData.Values["code"]?.ToString(), System.Globalization.CultureInfo.InvariantCulture, out var code) ? code : null);
            context.Result = Page();
        }
    }

    private void Fill(int? code)
    {
        // Asked for directly, /error/404 is itself a missing page.
        Status = code is >= 400 and < 600 ? code.Value : 404;
        var failure = HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerPathFeature>();
        Response.StatusCode = HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>() is null
            && failure is null ? 404 : Status;
        RequestId = HttpContext.TraceIdentifier;
        if (failure is not null)
        {
            // The exception handler's own line is off: this one carries the reference the page shows.
            LogFailure(failure.Error, Request.Method, failure.Path, RequestId);
        }

        Latest = store.Current.Stories.Take(5).ToArray();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception on {RequestMethod} {Path} (ref {RequestId})")]
    private partial void LogFailure(Exception exception, string requestMethod, string path, string requestId);
}
