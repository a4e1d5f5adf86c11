using AngleSharp;
using AngleSharp.Html.Dom;
using AngleSharp.Io;

namespace ArticleReader.Tests.Infrastructure;

/// <summary>Turns responses into AngleSharp documents, as in the ASP.NET Core integration-test sample.</summary>
public static class Html
{
    public static async Task<IHtmlDocument> GetDocumentAsync(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var content = await response.Content.ReadAsStringAsync();
        var document = await BrowsingContext.New().OpenAsync(request =>
        {
            request.Content(content);
            request.Address(response.RequestMessage!.RequestUri);
            request.Status(response.StatusCode);
            foreach (var header in response.Headers.Concat(response.Content.Headers))
            {
                request.Header(header.Key, string.Join(", ", header.Value));
            }
        });
        return (IHtmlDocument)document;
    }

    public static async Task<IHtmlDocument> GetAsync(HttpClient client, string url)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        return await GetDocumentAsync(response);
    }

    /// <summary>Polls until <paramref name="condition"/> holds or <paramref name="timeout"/> passes (for live reloads).</summary>
    public static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(50);
        }

        return await condition();
    }
}
