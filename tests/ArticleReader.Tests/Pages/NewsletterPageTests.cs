using System.Net;
using System.Text.Json;
using ArticleReader.Tests.Infrastructure;
using ArticleReader.Web.Newsletter;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ArticleReader.Tests.Pages;

/// <summary>The signup page against the file store; <see cref="PostgresNewsletterPageTests"/> runs every test again against PostgreSQL.</summary>
public class NewsletterPageTests : IDisposable
{
    private readonly TempContent _content = new();
    private readonly List<SiteFactory> _factories = [];
    private readonly List<string> _blockers = [];

    public NewsletterPageTests()
    {
        _content.Article("2025-01-01-first.md", "First Piece");
    }

    /// <summary>Settings that choose the store under test; none for the default file store.</summary>
    protected virtual Dictionary<string, string?> StoreSettings() => [];

    /// <summary>Settings under which the store cannot store anything: for the file store, a path whose parent is a file.</summary>
    protected virtual Dictionary<string, string?> UnavailableStoreSettings()
    {
        var blocker = Path.Combine(_content.Root, "..", "blocker-" + Guid.NewGuid().ToString("N"));
        File.WriteAllText(blocker, "a file, not a folder");
        _blockers.Add(blocker);
        return new() { ["Newsletter:SubscribersFile"] = Path.Combine(blocker, "subscribers.csv") };
    }

    private (SiteFactory Factory, HttpClient Client) Start(Dictionary<string, string?>? settings = null, TimeProvider? time = null)
    {
        var merged = StoreSettings();
        foreach (var (key, value) in settings ?? [])
        {
            merged[key] = value;
        }

        var factory = new SiteFactory(_content.Root, merged, time);
        _factories.Add(factory);
        return (factory, factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }));
    }

    private static string[] Records(SiteFactory factory)
    {
        // The file store holds an exclusive lock; read through the store's own export path.
        var store = (ISubscriberStore)factory.Services.GetService(typeof(ISubscriberStore))!;
        return store.ReadAllAsync(CancellationToken.None).ToBlockingEnumerable().Select(r => r.Email).ToArray();
    }

    private static Dictionary<string, string> Email(string email) => new() { ["email"] = email };

    [Fact]
    public async Task Post_ValidEmail_RedirectsBackWithMessageAndStoresOne()
    {
        var (factory, client) = Start();
        using var response = await Forms.SubmitAsync(client, "/articles/first", "form.newsletter-signup", Email("reader@example.com"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/articles/first#newsletter", response.Headers.Location!.OriginalString);

        var page = await Html.GetAsync(client, "/articles/first");
        Assert.Equal(SignupService.SuccessMessage, page.QuerySelector(".newsletter-status")!.TextContent);
        Assert.Equal(["reader@example.com"], Records(factory));

        // The message is shown once, not on every later page.
        var later = await Html.GetAsync(client, "/");
        Assert.Equal(string.Empty, later.QuerySelector(".newsletter-status")!.TextContent);
    }

    [Fact]
    public async Task Post_InvalidEmail_RedisplaysErrorAndKeepsTypedValue()
    {
        var (factory, client) = Start();
        using var response = await Forms.SubmitAsync(client, "/", "form.newsletter-signup", Email("reader.example.com"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = await Html.GetAsync(client, response.Headers.Location!.OriginalString.Split('#')[0]);
        var status = page.QuerySelector(".newsletter-status")!;
        Assert.Contains("@", status.TextContent, StringComparison.Ordinal);
        Assert.Contains("is-error", status.ClassList);
        Assert.Equal("reader.example.com", page.QuerySelector("input[name=email]")!.GetAttribute("value"));
        Assert.Equal("true", page.QuerySelector("input[name=email]")!.GetAttribute("aria-invalid"));
        Assert.Empty(Records(factory));
    }

    [Fact]
    public async Task Post_WithJsonAccept_AnswersJson()
    {
        var (factory, client) = Start();
        using var ok = await Forms.SubmitAsync(client, "/", "form.newsletter-signup", Email("json@example.com"), json: true);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        using var okJson = JsonDocument.Parse(await ok.Content.ReadAsStringAsync());
        Assert.True(okJson.RootElement.GetProperty("ok").GetBoolean());
        Assert.Equal(SignupService.SuccessMessage, okJson.RootElement.GetProperty("message").GetString());

        using var bad = await Forms.SubmitAsync(client, "/", "form.newsletter-signup", Email("a@b"), json: true);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        using var badJson = JsonDocument.Parse(await bad.Content.ReadAsStringAsync());
        Assert.False(badJson.RootElement.GetProperty("ok").GetBoolean());
        Assert.False(string.IsNullOrWhiteSpace(badJson.RootElement.GetProperty("message").GetString()));
        Assert.Equal(["json@example.com"], Records(factory));
    }

    private static async Task<string> StampAsync(HttpClient client)
    {
        var page = await Html.GetAsync(client, "/");
        return (await ScriptFields.FetchAsync(client, page.QuerySelector("form.newsletter-signup")!)).Fields["stamp"];
    }

    private static HttpRequestMessage BarePost(string email, bool json = false)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/newsletter", UriKind.Relative))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = email, ["returnUrl"] = "/articles/first" }),
        };
        if (json)
        {
            request.Headers.Accept.ParseAdd("application/json");
        }

        return request;
    }

    [Fact]
    public async Task Post_WithoutToken_AsksToConfirmAndStoresOnlyOnConfirm()
    {
        var (factory, client) = Start();
        using var first = await client.SendAsync(BarePost(" bare@example.com "));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Contains("no-store", first.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        var page = await Html.GetDocumentAsync(first);
        Assert.Equal("bare@example.com", page.QuerySelector(".newsletter-confirm-address")!.TextContent);
        var confirm = (AngleSharp.Html.Dom.IHtmlFormElement)page.QuerySelector("form.newsletter-confirm")!;
        Assert.Equal("bare@example.com", confirm.QuerySelector("input[name=email]")!.GetAttribute("value"));
        Assert.False(string.IsNullOrEmpty(confirm.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")));
        Assert.False(string.IsNullOrEmpty(confirm.QuerySelector("input[name=stamp]")!.GetAttribute("value")));
        Assert.Empty(Records(factory));

        using var second = await Forms.PostAsync(client, confirm.GetAttribute("action")!, Forms.Fields(confirm, new Dictionary<string, string>()), json: false);
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        Assert.Equal("/articles/first#newsletter", second.Headers.Location!.OriginalString);
        Assert.Equal(["bare@example.com"], Records(factory));
    }

    [Fact]
    public async Task Post_WithoutToken_InvalidAddressGoesBackWithTheErrorAndNoConfirmStep()
    {
        var (factory, client) = Start();
        using var response = await client.SendAsync(BarePost("bare.example.com"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = await Html.GetAsync(client, "/articles/first");
        Assert.Contains("is-error", page.QuerySelector(".newsletter-status")!.ClassList);
        Assert.Equal("bare.example.com", page.QuerySelector("input[name=email]")!.GetAttribute("value"));
        Assert.Empty(Records(factory));
    }

    [Fact]
    public async Task Post_WithoutTokenAsJson_Returns400AndStoresNothing()
    {
        var (factory, client) = Start();
        using var response = await client.SendAsync(BarePost("bare@example.com", json: true));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(Web.Pages.Newsletter.IndexModel.MissingTokenMessage, json.RootElement.GetProperty("message").GetString());
        Assert.True(json.RootElement.GetProperty("expired").GetBoolean());
        Assert.Empty(Records(factory));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Post_WithForgedToken_Returns400AndStoresNothing(bool json)
    {
        var (factory, client) = Start();
        var values = new Dictionary<string, string> { ["email"] = "forged@example.com", ["__RequestVerificationToken"] = "CfDJ8-forged" };
        using var response = json
            ? await Forms.SubmitAsync(client, "/", "form.newsletter-signup", values, json: true)
            : await Forms.PostAsync(client, "/newsletter", values, json: false);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains(json ? "expired" : "Reload the page", body, StringComparison.Ordinal);
        Assert.Empty(Records(factory));
    }

    [Fact]
    public async Task ConfirmPressedTooSoon_AsksAgainAndStoresOnlyOnTheSecondPress()
    {
        var clock = SiteFactory.Clock("2025-06-01T12:00:00Z");
        var (factory, client) = Start(new() { ["Newsletter:MinSecondsToSubmit"] = "2" }, clock);
        using var first = await client.SendAsync(BarePost("quick@example.com"));
        var confirm = (AngleSharp.Html.Dom.IHtmlFormElement)(await Html.GetDocumentAsync(first)).QuerySelector("form.newsletter-confirm")!;
        using var tooSoon = await Forms.PostAsync(client, "/newsletter", Forms.Fields(confirm, new Dictionary<string, string>()), json: false);
        Assert.Equal(HttpStatusCode.OK, tooSoon.StatusCode);
        var again = await Html.GetDocumentAsync(tooSoon);
        Assert.Equal(SignupService.ConfirmAgainMessage, again.QuerySelector("[role=alert]")!.TextContent);
        Assert.Empty(Records(factory));

        clock.Advance(TimeSpan.FromSeconds(3));
        var secondForm = (AngleSharp.Html.Dom.IHtmlFormElement)again.QuerySelector("form.newsletter-confirm")!;
        using var done = await Forms.PostAsync(client, "/newsletter", Forms.Fields(secondForm, new Dictionary<string, string>()), json: false);
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal(["quick@example.com"], Records(factory));
    }

    [Fact]
    public async Task Fields_AreTheReadersOwnAndNeverStored()
    {
        var (_, client) = Start(new() { ["Newsletter:MinSecondsToSubmit"] = "2" });
        using var response = await client.GetAsync(new Uri("/newsletter/fields", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl!.NoStore);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(2, json.RootElement.GetProperty("minSecondsToSubmit").GetDouble());
        var fields = json.RootElement.GetProperty("fields");
        Assert.False(string.IsNullOrEmpty(fields.GetProperty("__RequestVerificationToken").GetString()));
        Assert.False(string.IsNullOrEmpty(fields.GetProperty("stamp").GetString()));
    }

    [Fact]
    public async Task Post_HoneypotFilled_PretendsSuccessStoresNothing()
    {
        var (factory, client) = Start();
        using var response = await Forms.SubmitAsync(client, "/", "form.newsletter-signup", new Dictionary<string, string> { ["email"] = "bot@example.com", ["website"] = "http://spam.example" }, json: true);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(SignupService.SuccessMessage, json.RootElement.GetProperty("message").GetString());
        Assert.Empty(Records(factory));
    }

    [Fact]
    public async Task Post_TooFastAfterServing_PretendsSuccessStoresNothing()
    {
        var clock = SiteFactory.Clock("2025-06-01T12:00:00Z");
        var (factory, client) = Start(new() { ["Newsletter:MinSecondsToSubmit"] = "2" }, clock);
        using var fast = await Forms.SubmitAsync(client, "/", "form.newsletter-signup", Email("fast@example.com"), json: true);
        Assert.Equal(HttpStatusCode.OK, fast.StatusCode);
        Assert.Empty(Records(factory));

        var stamp = await StampAsync(client);
        clock.Advance(TimeSpan.FromSeconds(3));
        using var slow = await Forms.SubmitAsync(client, "/", "form.newsletter-signup", new Dictionary<string, string> { ["email"] = "slow@example.com", ["stamp"] = stamp }, json: true);
        Assert.Equal(HttpStatusCode.OK, slow.StatusCode);
        Assert.Equal(["slow@example.com"], Records(factory));
    }

    [Fact]
    public async Task Post_FormOlderThanADay_AsksToReloadAndStoresNothing()
    {
        var clock = SiteFactory.Clock("2025-06-01T12:00:00Z");
        var (factory, client) = Start(new() { ["Newsletter:MinSecondsToSubmit"] = "2" }, clock);
        var stamp = await StampAsync(client);
        clock.Advance(TimeSpan.FromDays(2));
        using var response = await Forms.SubmitAsync(client, "/", "form.newsletter-signup", new Dictionary<string, string> { ["email"] = "late@example.com", ["stamp"] = stamp }, json: true);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(SignupService.ExpiredMessage, json.RootElement.GetProperty("message").GetString());
        Assert.Empty(Records(factory));
    }

    [Fact]
    public async Task Post_ForgedStamp_StoresNothing()
    {
        var (factory, client) = Start();
        using var response = await Forms.SubmitAsync(client, "/", "form.newsletter-signup", new Dictionary<string, string> { ["email"] = "forged@example.com", ["stamp"] = "not-a-real-stamp" }, json: true);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(Records(factory));
    }

    [Fact]
    public async Task Post_OverRateLimit_Returns429WithFriendlyPage()
    {
        // Every post counts, so a signup without script (post, then confirm) takes two.
        var (_, client) = Start(new() { ["Newsletter:RateLimitPerMinute"] = "3" });
        using var allowedJson = await Forms.SubmitAsync(client, "/", "form.newsletter-signup", Email("r1@example.com"), json: true);
        Assert.Equal(HttpStatusCode.OK, allowedJson.StatusCode);
        using var allowed = await Forms.SubmitAsync(client, "/", "form.newsletter-signup", Email("r2@example.com"));
        Assert.Equal(HttpStatusCode.Redirect, allowed.StatusCode);

        using var limited = await Forms.SubmitAsync(client, "/", "form.newsletter-signup", Email("r3@example.com"));
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        var page = await Html.GetDocumentAsync(limited);
        Assert.Contains("wait a minute", page.QuerySelector(".error-page")!.TextContent, StringComparison.Ordinal);

        using var limitedJson = await Forms.SubmitAsync(client, "/", "form.newsletter-signup", Email("r4@example.com"), json: true);
        Assert.Equal(HttpStatusCode.TooManyRequests, limitedJson.StatusCode);
        using var json = JsonDocument.Parse(await limitedJson.Content.ReadAsStringAsync());
        Assert.False(json.RootElement.GetProperty("ok").GetBoolean());
    }

    [Theory]
    [InlineData("https://evil.example/phish")]
    [InlineData("//evil.example/x")]
    [InlineData("/\\evil.example")]
    [InlineData("javascript:alert(1)")]
    public async Task Post_OutsideReturnUrl_IsIgnored(string returnUrl)
    {
        var (_, client) = Start();
        using var response = await Forms.SubmitAsync(client, "/", "form.newsletter-signup", new Dictionary<string, string> { ["email"] = "x@example.com", ["returnUrl"] = returnUrl });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/#newsletter", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Post_Duplicate_GetsSameAnswerAndOneRecord()
    {
        var (factory, client) = Start();
        using var first = await Forms.SubmitAsync(client, "/", "form.newsletter-signup", Email("dup@example.com"), json: true);
        using var second = await Forms.SubmitAsync(client, "/", "form.newsletter-signup", Email("DUP@Example.com"), json: true);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Equal(["dup@example.com"], Records(factory));
    }

    [Fact]
    public async Task Post_UnwritableStore_Answers503AndArticlesStillServed()
    {
        var (_, client) = Start(UnavailableStoreSettings());
        using var article = await client.GetAsync(new Uri("/articles/first", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, article.StatusCode);

        using var json = await Forms.SubmitAsync(client, "/", "form.newsletter-signup", Email("lost@example.com"), json: true);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, json.StatusCode);
        using var body = JsonDocument.Parse(await json.Content.ReadAsStringAsync());
        Assert.Equal(SignupService.UnavailableMessage, body.RootElement.GetProperty("message").GetString());

        using var form = await Forms.SubmitAsync(client, "/", "form.newsletter-signup", Email("lost@example.com"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, form.StatusCode);
        var page = await Html.GetDocumentAsync(form);
        Assert.Equal(SignupService.UnavailableMessage, page.QuerySelector(".newsletter-page-status")!.TextContent);
    }

    [Fact]
    public void Start_SubscribersFileInsideContent_IsRefusedWithClearMessage()
    {
        var factory = new SiteFactory(_content.Root, new Dictionary<string, string?> { ["Newsletter:SubscribersFile"] = Path.Combine(_content.Root, "subs.csv") });
        _factories.Add(factory);
        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        Assert.Contains("content folder", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/data/subscribers.csv")]
    [InlineData("/subscribers.csv")]
    [InlineData("/media/../data/subscribers.csv")]
    public async Task Get_SubscriberFile_IsNeverServed(string url)
    {
        var (factory, client) = Start(new() { ["Newsletter:SubscribersFile"] = "data/subscribers.csv" });
        using var signup = await Forms.SubmitAsync(client, "/", "form.newsletter-signup", Email("secret@example.com"), json: true);
        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("secret@example.com", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        _ = factory;
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (!disposing)
        {
            return;
        }

        foreach (var factory in _factories)
        {
            factory.Dispose();
        }

        foreach (var blocker in _blockers)
        {
            File.Delete(blocker);
        }

        _content.Dispose();
    }
}
