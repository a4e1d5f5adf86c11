using System.Net;
using ArticleReader.Tests.Infrastructure;
using ArticleReader.Web.Newsletter;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ArticleReader.Tests.Pages;

public sealed class ErrorPageTests : IDisposable
{
    private const string Secret = "connection string Password=hunter2 at Store.cs line 42";
    private readonly TempContent _content = new();
    private readonly List<SiteFactory> _factories = [];

    private HttpClient Start(string environment)
    {
        _content.Article("a.md", "A", date: "2025-01-01");
        var factory = new SiteFactory(_content.Root, environment: environment, services: s =>
        {
            s.RemoveAll<ISubscriberStore>();
            s.AddSingleton<ISubscriberStore>(new ExplodingSubscriberStore(Secret));
        });
        _factories.Add(factory);
        return factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Testing")]
    public async Task UnexpectedFailure_Shows500PageWithoutDetails(string environment)
    {
        var client = Start(environment);
        using var response = await Forms.SubmitAsync(client, "/", "form.newsletter-signup", new Dictionary<string, string> { ["email"] = "x@example.com" });
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("hunter2", body, StringComparison.Ordinal);
        Assert.DoesNotContain(nameof(ExplodingSubscriberStore), body, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", (await Html.GetDocumentAsync(response)).QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        var document = await Html.GetDocumentAsync(response);
        Assert.Equal("Something went wrong on our side", document.QuerySelector("h1")!.TextContent);
        Assert.NotNull(document.QuerySelector(".error-page a[href='/']"));
        Assert.NotNull(document.QuerySelector(".error-reference code"));
    }

    public void Dispose()
    {
        foreach (var factory in _factories)
        {
            factory.Dispose();
        }

        _content.Dispose();
    }
}
