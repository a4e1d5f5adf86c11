using System.Text.Json;
using AngleSharp.Dom;

namespace ArticleReader.Tests.Infrastructure;

/// <summary>What the signup form's script adds before it posts: the fields from the form's <c>data-fields-url</c>.</summary>
public static class ScriptFields
{
    /// <summary>GETs the form's fields URL with <paramref name="client"/> and returns the response (its Set-Cookie) and the fields.</summary>
    /// <param name="page">The page the form came from, for a client without a base address.</param>
    public static async Task<(Dictionary<string, string> Fields, IEnumerable<string> SetCookies)> FetchAsync(HttpClient client, IElement form, CancellationToken cancellationToken = default, Uri? page = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(form);
        var url = form.GetAttribute("data-fields-url") ?? throw new InvalidOperationException("the signup form has no data-fields-url");
        using var response = await client.GetAsync(page is { IsAbsoluteUri: true } ? new Uri(page, url) : new Uri(url, UriKind.Relative), cancellationToken);
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        var fields = json.RootElement.GetProperty("fields").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);
        var cookies = response.Headers.TryGetValues("Set-Cookie", out var values) ? values.ToArray() : [];
        return (fields, cookies);
    }
}
