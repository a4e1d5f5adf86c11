using AngleSharp.Html.Dom;

namespace ArticleReader.Tests.Infrastructure;

/// <summary>Submits a page's real form, so the antiforgery token and cookie travel as a browser sends them.</summary>
public static class Forms
{
    public static async Task<HttpResponseMessage> SubmitAsync(HttpClient client, string pageUrl, string formSelector, IDictionary<string, string> values, bool json = false)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(values);
        var document = await Html.GetAsync(client, pageUrl);
        var form = (IHtmlFormElement)document.QuerySelector(formSelector)!;
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var input in form.QuerySelectorAll("input[name]").OfType<IHtmlInputElement>())
        {
            fields.Add(new(input.Name!, values.TryGetValue(input.Name!, out var value) ? value : input.Value));
        }

        foreach (var (name, value) in values.Where(v => fields.All(f => f.Key != v.Key)))
        {
            fields.Add(new(name, value));
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(form.GetAttribute("action")!, UriKind.Relative))
        {
            Content = new FormUrlEncodedContent(fields),
        };
        if (json)
        {
            request.Headers.Accept.ParseAdd("application/json");
        }

        return await client.SendAsync(request);
    }
}
