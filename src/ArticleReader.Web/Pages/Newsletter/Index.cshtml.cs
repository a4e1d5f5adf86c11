using ArticleReader.Web.Infrastructure;
using ArticleReader.Web.Newsletter;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace ArticleReader.Web.Pages.Newsletter;

/// <summary>
/// Newsletter signup. The sidebar form is the same on every (cached) page, so it carries no token:
/// its script fetches one from <see cref="NewsletterFields.Path"/> and gets a JSON answer. A post
/// without a token (no script) is the first of two steps: a valid address gets a confirm page that
/// carries a token, and the confirm post gets Post/Redirect/Get back to the page it came from.
/// </summary>
[EnableRateLimiting(NewsletterRateLimit.Policy)]
[RequestSizeLimit(NewsletterRateLimit.MaxBodyBytes)]
[RequestFormLimits(ValueLengthLimit = 2048, KeyLengthLimit = 64, ValueCountLimit = 16)]
[IgnoreAntiforgeryToken] // validated below: a post without any token is the first step, not an attack
public sealed class IndexModel(SignupService signups, IAntiforgery antiforgery, IOptions<AntiforgeryOptions> antiforgeryOptions, IFormStamp formStamp) : PageModel
{
    public const string MissingTokenMessage = "The form could not be sent as it was. Reload the page and subscribe again.";
    public const string BadTokenMessage = "This form has expired or your browser did not send our form cookie back. Reload the page, allow cookies for this site, and subscribe again.";

    public string? Message { get; private set; }

    public bool IsError { get; private set; }

    public string? Email { get; private set; }

    /// <summary>True when the page asks a reader without script to confirm their address.</summary>
    public bool Confirming { get; private set; }

    /// <summary>The confirm form's hidden fields: antiforgery token and time stamp.</summary>
    public IReadOnlyDictionary<string, string> ConfirmFields { get; private set; } = new Dictionary<string, string>();

    public string ReturnUrl { get; private set; } = "/";

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(string? email, string? website, string? stamp, string? returnUrl, bool confirm, CancellationToken cancellationToken)
    {
        ReturnUrl = Url.IsLocalUrl(returnUrl) && !returnUrl!.StartsWith("/newsletter", StringComparison.OrdinalIgnoreCase) ? returnUrl : "/";
        var json = NewsletterRateLimit.WantsJson(Request);
        var tokenField = antiforgeryOptions.Value.FormFieldName;
        if (!Request.Form.ContainsKey(tokenField))
        {
            if (json)
            {
                return new JsonResult(new { ok = false, message = MissingTokenMessage, expired = true }) { StatusCode = StatusCodes.Status400BadRequest };
            }

            return signups.Screen(email, website) is { } answer ? RedirectBack(answer, email) : Confirm(email, message: null);
        }

        try
        {
            await antiforgery.ValidateRequestAsync(HttpContext);
        }
        catch (AntiforgeryValidationException)
        {
            return json
                ? new JsonResult(new { ok = false, message = BadTokenMessage, expired = true }) { StatusCode = StatusCodes.Status400BadRequest }
                : Show(BadTokenMessage, email, StatusCodes.Status400BadRequest);
        }

        var result = await signups.SubmitAsync(new SignupRequest(email, website, stamp, ReturnUrl.Split('?', '#')[0], Confirming: confirm), cancellationToken);
        if (json)
        {
            return new JsonResult(new { ok = result.Status == SignupStatus.Accepted, message = result.Message }) { StatusCode = StatusCode(result.Status) };
        }

        return result.Status switch
        {
            SignupStatus.TooSoon => Confirm(email, result.Message),
            // Not a redirect: the reader must see that nothing was stored, with the address kept.
            SignupStatus.Unavailable => Show(result.Message, email, StatusCodes.Status503ServiceUnavailable),
            _ => RedirectBack(result, email),
        };
    }

    private static int StatusCode(SignupStatus status) => status switch
    {
        SignupStatus.Accepted => StatusCodes.Status200OK,
        SignupStatus.Unavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status400BadRequest,
    };

    private LocalRedirectResult RedirectBack(SignupResult result, string? email)
    {
        var ok = result.Status == SignupStatus.Accepted;
        TempData["Newsletter.Message"] = result.Message;
        TempData["Newsletter.Status"] = ok ? "ok" : "error";
        TempData["Newsletter.Email"] = ok ? null : email?[..Math.Min(email.Length, 320)];
        return LocalRedirect(ReturnUrl + "#newsletter");
    }

    private PageResult Show(string message, string? email, int status)
    {
        Message = message;
        IsError = true;
        Email = email;
        Response.StatusCode = status;
        return Page();
    }

    private PageResult Confirm(string? email, string? message)
    {
        Confirming = true;
        Email = email?.Trim();
        Message = message;
        ConfirmFields = NewsletterFields.Issue(HttpContext, antiforgery, formStamp);
        Response.Headers.CacheControl = "no-store";
        return Page();
    }
}
