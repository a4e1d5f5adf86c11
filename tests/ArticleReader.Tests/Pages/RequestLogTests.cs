using System.Net;
using ArticleReader.Tests.Infrastructure;
using ArticleReader.Web.Infrastructure;
using ArticleReader.Web.Newsletter;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Serilog.Core;
using Serilog.Events;

namespace ArticleReader.Tests.Pages;

/// <summary>What the request log writes, with the page cache answering before it.</summary>
public sealed class RequestLogTests : IDisposable
{
    private readonly TempContent _content = new();
    private readonly List<SiteFactory> _factories = [];
    private readonly CapturedLog _log = new();

    public RequestLogTests() => _content.Article("a.md", "A Piece", date: "2025-01-01");

    private SiteFactory Start(Dictionary<string, string?>? settings = null, bool exploding = false)
    {
        settings ??= [];
        settings.TryAdd("Serilog:MinimumLevel:Default", "Information");
        var factory = new SiteFactory(_content.Root, settings, services: s =>
        {
            s.AddSingleton<ILogEventSink>(_log);
            if (exploding)
            {
                s.RemoveAll<ISubscriberStore>();
                s.AddSingleton<ISubscriberStore>(new ExplodingSubscriberStore("store down"));
            }
        });
        _factories.Add(factory);
        return factory;
    }

    [Fact]
    public async Task QuickSuccesses_AreNotLogged_AMissingPageIs()
    {
        using var client = Start().CreateClient();
        for (var i = 0; i < 3; i++)
        {
            using var ok = await client.GetAsync(new Uri("/articles/a", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using var missing = await client.GetAsync(new Uri("/articles/no-such-piece", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        var line = await _log.WaitForRequestLineAsync(e => CapturedLog.Scalar(e, "RequestPath") as string == "/articles/no-such-piece");
        Assert.Equal(LogEventLevel.Information, line.Level);
        Assert.Equal(404, CapturedLog.Scalar(line, "StatusCode"));
        Assert.Single(_log.RequestLines);
    }

    [Fact]
    public async Task EveryRequestSetting_LogsPagesTheCacheAnswers()
    {
        // The override README documents for a line per request.
        using var client = Start(new() { [$"Serilog:MinimumLevel:Override:{ApplicationBuilderExtensions.RequestLogCategory}"] = "Debug" }).CreateClient();
        for (var i = 0; i < 3; i++)
        {
            using var ok = await client.GetAsync(new Uri("/articles/a", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        // The second and third answers came from the cache; each still has its line.
        await _log.WaitForRequestLineAsync(_ => _log.RequestLines.Count(e => CapturedLog.Scalar(e, "RequestPath") as string == "/articles/a") == 3);
        Assert.All(_log.RequestLines, e => Assert.Equal(200, CapturedLog.Scalar(e, "StatusCode")));
    }

    [Fact]
    public async Task Failure_IsLoggedWithTheReferenceTheErrorPageShows()
    {
        using var client = Start(exploding: true).CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var response = await Forms.SubmitAsync(client, "/", "form.newsletter-signup", new Dictionary<string, string> { ["email"] = "x@example.com" });
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var reference = (await Html.GetDocumentAsync(response)).QuerySelector(".error-reference code")!.TextContent.Trim();
        Assert.NotEmpty(reference);

        // The request log's line, as the console prints it (its message names the reference) ...
        var line = await _log.WaitForRequestLineAsync(e => CapturedLog.Scalar(e, "StatusCode") is 500);
        Assert.Equal(LogEventLevel.Error, line.Level);
        Assert.Contains($"(ref {reference})", CapturedLog.Printed(line), StringComparison.Ordinal);
        // ... and the error page's line, with the exception, whichever middleware it came through.
        var failure = Assert.Single(_log.Events, e => CapturedLog.Source(e) == "ArticleReader.Web.Pages.ErrorModel");
        Assert.Equal(LogEventLevel.Error, failure.Level);
        Assert.Contains($"(ref {reference})", CapturedLog.Printed(failure), StringComparison.Ordinal);
        Assert.Contains("store down", failure.Exception?.Message, StringComparison.Ordinal);
        // The exception handler's own line (which has no reference) is not written.
        Assert.DoesNotContain(_log.Events, e => CapturedLog.Source(e)?.StartsWith("Microsoft.AspNetCore.Diagnostics", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task LineWrittenWhileAFormIsHandled_CarriesTheRequestsReferenceAndPath()
    {
        using var client = Start().CreateClient();
        using var response = await Forms.SubmitAsync(client, "/", "form.newsletter-signup", new Dictionary<string, string> { ["email"] = $"ref-{Guid.NewGuid():N}@example.com" });
        Assert.True(response.IsSuccessStatusCode, $"signup answered {(int)response.StatusCode}");
        var stored = Assert.Single(_log.Events, e => CapturedLog.Source(e) == typeof(SignupService).FullName);
        Assert.False(string.IsNullOrEmpty(CapturedLog.Scalar(stored, "RequestId") as string), "no RequestId on the signup's line");
        Assert.Equal("/newsletter", CapturedLog.Scalar(stored, "RequestPath"));
    }

    [Fact]
    public async Task HostingDiagnostics_AreOff_WhateverTheConfigurationSays()
    {
        // While that logger is on, ASP.NET Core starts a trace activity and a log scope per request.
        var factory = Start(new()
        {
            ["Serilog:MinimumLevel:Default"] = "Verbose",
            [$"Serilog:MinimumLevel:Override:{ServiceCollectionExtensions.HostingDiagnosticsCategory}"] = "Verbose",
        });
        using var client = factory.CreateClient();
        using var ok = await client.GetAsync(new Uri("/articles/a", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);

        var loggers = factory.Services.GetRequiredService<ILoggerFactory>();
        Assert.False(loggers.CreateLogger(ServiceCollectionExtensions.HostingDiagnosticsCategory).IsEnabled(LogLevel.Critical));
        // The control: another ASP.NET Core category is on at this level.
        Assert.True(loggers.CreateLogger("Microsoft.AspNetCore.Routing.EndpointMiddleware").IsEnabled(LogLevel.Critical));
        Assert.DoesNotContain(_log.Events, e => CapturedLog.Source(e) == ServiceCollectionExtensions.HostingDiagnosticsCategory);
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
