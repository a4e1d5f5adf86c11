using AngleSharp.Html.Dom;

namespace ArticleReader.Tests.Infrastructure;

/// <summary>
/// Submits a page's real form as a browser does. With <c>json</c>, as the signup form's script does
/// (fetch the form's fields, then post for a JSON answer); without, as a browser without script
/// does, including the newsletter's confirm step when the site answers with one.
/// </summary>
public static class Forms
{
    public static async Task<HttpResponseMessage> SubmitAsync(HttpClient client, string pageUrl, string formSelector, IDictionary<string, string> values, bool json = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(values);
        var document = await Html.GetAsync(client, pageUrl);
        var form = (IHtmlFormElement)document.QuerySelector(formSelector)!;
        var fields = Fields(form, values);
        if (json && form.HasAttribute("data-fields-url"))
        {
            var (extra, _) = await ScriptFields.FetchAsync(client, form, cancellationToken);
            // A value the test gives (a forged stamp, say) wins over the fetched one.
            fields.AddRange(extra.Where(f => !values.ContainsKey(f.Key)));
        }

        var response = await PostAsync(client, form.GetAttribute("action")!, fields, json, cancellationToken);
        if (json || response.StatusCode != System.Net.HttpStatusCode.OK)
        {
            return response;
        }

        // Without script, a signup goes through a confirm page; press its button.
        var answer = await Html.GetDocumentAsync(response);
        if (answer.QuerySelector("form.newsletter-confirm") is not IHtmlFormElement confirm)
        {
            response.Dispose();
            throw new InvalidOperationException("the form post answered 200 without a confirm form");
        }

        response.Dispose();
        return await PostAsync(client, confirm.GetAttribute("action")!, Fields(confirm, new Dictionary<string, string>()), json: false, cancellationToken);
    }

    /// <summary>The form's named inputs, with <paramref name="values"/> put in or added.</summary>
    public static List<KeyValuePair<string, string>> Fields(IHtmlFormElement form, IDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(values);
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var input in form.QuerySelectorAll("input[name]").OfType<IHtmlInputElement>())
        {
            fields.Add(new(input.Name!, values.TryGetValue(input.Name!, out var value) ? value : input.Value));
        }

        foreach (var (name, value) in values.Where(v => fields.All(f => f.Key != v.Key)))
        {
            fields.Add(new(name, value));
        }

        return fields;
    }

    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string action, IEnumerable<KeyValuePair<string, string>> fields, bool json, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(action, UriKind.Relative))
        {
            Content = new FormUrlEncodedContent(fields),
        };
        if (json)
        {
            request.Headers.Accept.ParseAdd("application/json");
        }

        return await client.SendAsync(request, cancellationToken);
    }
}
