using System.Net;
using System.Text.Json;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace ArticleReader.Tests.Reliability;

/// <summary>What the site answered to one signup.</summary>
public sealed record SignupAnswer(HttpStatusCode Status, bool? Ok, string? Message, string ContentType);

/// <summary>
/// Signs up as the page's own script does: GET a page, GET its form's fields URL for the antiforgery
/// cookie, token and form stamp, then POST the form with Accept: application/json. One instance per reader (its own cookie jar).
/// </summary>
public sealed class SignupClient(Uri baseAddress) : IDisposable
{
    private static readonly HtmlParser Parser = new();

    private readonly HttpClient _client = new(new SocketsHttpHandler { UseCookies = true, CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
    {
        BaseAddress = baseAddress,
        Timeout = TimeSpan.FromSeconds(30),
    };

    public async Task<SignupAnswer> SignUpAsync(string email, CancellationToken cancellationToken, string page = "/", bool json = true)
    {
        var html = await _client.GetStringAsync(new Uri(page, UriKind.Relative), cancellationToken);
        var form = Parser.ParseDocument(html).QuerySelector("form.newsletter-signup") as IHtmlFormElement
            ?? throw new InvalidOperationException($"{page} has no form.newsletter-signup");
        var fields = form.QuerySelectorAll("input[name]").OfType<IHtmlInputElement>()
            .Select(input => new KeyValuePair<string, string>(input.Name!, input.Name == "email" ? email : input.Value))
            .ToList();
        if (json)
        {
            // As the form's script does: the reader's own token and stamp come from the fields URL.
            var (extra, _) = await Infrastructure.ScriptFields.FetchAsync(_client, form, cancellationToken);
            fields.AddRange(extra);
        }

        var (response, body) = await PostAsync(form.GetAttribute("action")!, fields, json, cancellationToken);
        if (!json && response.StatusCode == HttpStatusCode.OK
            && Parser.ParseDocument(body).QuerySelector("form.newsletter-confirm") is IHtmlFormElement confirm)
        {
            // Without script a signup has a confirm step: press its button.
            var confirmFields = confirm.QuerySelectorAll("input[name]").OfType<IHtmlInputElement>()
                .Select(input => new KeyValuePair<string, string>(input.Name!, input.Value)).ToList();
            response.Dispose();
            (response, body) = await PostAsync(confirm.GetAttribute("action")!, confirmFields, json: false, cancellationToken);
        }

        using var owned = response;
        var contentType = response.Content.Headers.ContentType?.MediaType ?? string.Empty;
        if (!contentType.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            return new SignupAnswer(response.StatusCode, null, null, contentType);
        }

        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        return new SignupAnswer(
            response.StatusCode,
            root.TryGetProperty("ok", out var ok) ? ok.GetBoolean() : null,
            root.TryGetProperty("message", out var message) ? message.GetString() : null,
            contentType);
    }

    private async Task<(HttpResponseMessage Response, string Body)> PostAsync(string action, List<KeyValuePair<string, string>> fields, bool json, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(action, UriKind.Relative))
        {
            Content = new FormUrlEncodedContent(fields),
        };
        if (json)
        {
            request.Headers.Accept.ParseAdd("application/json");
        }

        var response = await _client.SendAsync(request, cancellationToken);
        return (response, await response.Content.ReadAsStringAsync(cancellationToken));
    }

    public void Dispose() => _client.Dispose();
}
