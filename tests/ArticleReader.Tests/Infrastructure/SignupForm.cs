using System.Net.Http.Headers;
using AngleSharp.Html.Dom;

namespace ArticleReader.Tests.Infrastructure;

/// <summary>
/// The newsletter form as one reader received it: its fields (antiforgery token, time stamp) and the cookies that
/// came with the page. Posting it to another instance is what a load balancer does to a reader's next request.
/// </summary>
public sealed record SignupForm(string Action, IReadOnlyList<KeyValuePair<string, string>> Fields, string Cookie)
{
    /// <summary>GETs <paramref name="page"/> (no cookies sent, as a new reader), reads its signup form and fetches the fields its script adds.</summary>
    public static async Task<SignupForm> FetchAsync(HttpClient client, Uri page, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var response = await client.GetAsync(page, cancellationToken);
        response.EnsureSuccessStatusCode();
        var document = await Html.GetDocumentAsync(response);
        var form = (IHtmlFormElement)(document.QuerySelector("form.newsletter-signup") ?? throw new InvalidOperationException($"no form.newsletter-signup on {page}"));
        var fields = form.QuerySelectorAll("input[name]").OfType<IHtmlInputElement>()
            .Select(input => new KeyValuePair<string, string>(input.Name!, input.Value))
            .ToList();

        // The page is the same for everyone; the reader's own fields come from the form's script URL.
        var (extra, setCookies) = await ScriptFields.FetchAsync(client, form, cancellationToken, page);
        fields.AddRange(extra);
        var cookies = string.Join("; ", setCookies.Select(v => v.Split(';')[0]));
        return new SignupForm(form.GetAttribute("action")!, fields, cookies);
    }

    /// <summary>Sends the form with <paramref name="email"/> to <paramref name="site"/> as the form's script does (JSON answer).</summary>
    public async Task<HttpResponseMessage> PostAsync(HttpClient client, Uri site, string email, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var values = Fields.Select(f => f.Key == "email" ? new KeyValuePair<string, string>("email", email) : f).ToList();
        if (values.All(f => f.Key != "email"))
        {
            values.Add(new("email", email));
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(site, Action)) { Content = new FormUrlEncodedContent(values) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (Cookie.Length > 0)
        {
            request.Headers.Add("Cookie", Cookie);
        }

        return await client.SendAsync(request, cancellationToken);
    }
}
