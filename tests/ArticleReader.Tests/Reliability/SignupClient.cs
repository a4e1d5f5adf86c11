using System.Net;
using System.Text.Json;
using ArticleReader.Tests.Infrastructure;

namespace ArticleReader.Tests.Reliability;

/// <summary>What the site answered to one signup.</summary>
public sealed record SignupAnswer(HttpStatusCode Status, bool? Ok, string? Message, string ContentType);

/// <summary>
/// Signs up as a reader's browser does (<see cref="Forms.SubmitAsync"/>): with script, the form's fields URL
/// gives the antiforgery cookie, token and stamp and the post asks for JSON; without, the post goes through the
/// confirm step. One instance per reader (its own cookie jar).
/// </summary>
public sealed class SignupClient(Uri baseAddress) : IDisposable
{
    private readonly HttpClient _client = new(new SocketsHttpHandler { UseCookies = true, CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
    {
        BaseAddress = baseAddress,
        Timeout = TimeSpan.FromSeconds(30),
    };

    public async Task<SignupAnswer> SignUpAsync(string email, CancellationToken cancellationToken, string page = "/", bool json = true)
    {
        // As a reader's browser does: with script (fields URL, JSON answer) or without (confirm step).
        using var response = await Forms.SubmitAsync(_client, page, "form.newsletter-signup", new Dictionary<string, string> { ["email"] = email }, json, cancellationToken);
        var contentType = response.Content.Headers.ContentType?.MediaType ?? string.Empty;
        if (!contentType.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            return new SignupAnswer(response.StatusCode, null, null, contentType);
        }

        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        var root = document.RootElement;
        return new SignupAnswer(
            response.StatusCode,
            root.TryGetProperty("ok", out var ok) ? ok.GetBoolean() : null,
            root.TryGetProperty("message", out var message) ? message.GetString() : null,
            contentType);
    }

    public void Dispose() => _client.Dispose();
}
