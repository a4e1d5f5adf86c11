using ArticleReader.Web.Newsletter;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ArticleReader.Web.Infrastructure;
using Microsoft.AspNetCore.RateLimiting;

namespace ArticleReader.Web.Pages.Newsletter;

/// <summary>
/// Newsletter signup. A form post gets Post/Redirect/Get back to the page it came from; a
/// request that accepts JSON (the form's script) gets a JSON answer instead.
/// </summary>
[EnableRateLimiting(NewsletterRateLimit.Policy)]
[RequestSizeLimit(NewsletterRateLimit.MaxBodyBytes)]
[RequestFormLimits(ValueLengthLimit = 2048, KeyLengthLimit = 64, ValueCountLimit = 16)]
public sealed class IndexModel(SignupService signups) : PageModel
{
    public string? Message { get; private set; }

    public bool IsError { get; private set; }

    public string? Email { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(string? email, string? website, string? stamp, string? returnUrl, CancellationToken cancellationToken)
    {
        var target = Url.IsLocalUrl(returnUrl) && !returnUrl!.StartsWith("/newsletter", StringComparison.OrdinalIgnoreCase) ? returnUrl : "/";
        var source = target.Split('?', '#')[0];
        var result = await signups.SubmitAsync(new SignupRequest(email, website, stamp, source), cancellationToken);
        var ok = result.Status == SignupStatus.Accepted;
        var status = result.Status switch
        {
            SignupStatus.Accepted => StatusCodes.Status200OK,
            SignupStatus.Invalid => StatusCodes.Status400BadRequest,
            _ => StatusCodes.Status503ServiceUnavailable,
        };

        if (NewsletterRateLimit.WantsJson(Request))
        {
            return new JsonResult(new { ok, message = result.Message }) { StatusCode = status };
        }

        if (result.Status == SignupStatus.Unavailable)
        {
            // Not a redirect: the reader must see that nothing was stored, with the address kept.
            Message = result.Message;
            IsError = true;
            Email = email;
            Response.StatusCode = status;
            return Page();
        }

        TempData["Newsletter.Message"] = result.Message;
        TempData["Newsletter.Status"] = ok ? "ok" : "error";
        TempData["Newsletter.Email"] = ok ? null : email?[..Math.Min(email.Length, 320)];
        return LocalRedirect(target + "#newsletter");
    }
}
