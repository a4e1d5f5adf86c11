using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace ArticleReader.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed partial class ReaderJourneyTests(BrowserFixture site)
{
    [Fact]
    public async Task Reader_OpensHomeThenLeadStoryThenReads()
    {
        var page = await site.NewPageAsync();
        await page.GotoAsync("/");
        var lead = page.Locator(".lead-title a");
        var headline = await lead.InnerTextAsync();
        await lead.ClickAsync();
        // Commit, then waits on the content: in full runs the load event (and once the
        // DOMContentLoaded event) of a page reached by a click or a form was sometimes never
        // reported, stalling the wait for 30 s.
        await page.WaitForURLAsync(ArticleUrl(), new() { WaitUntil = WaitUntilState.Commit });
        await Assertions.Expect(page.Locator("article.article h1")).ToHaveTextAsync(headline);
        await Assertions.Expect(page.Locator(".article-body p").First).ToBeVisibleAsync();
        Assert.Matches(@"^\w+ \| ", await page.Locator(".article-label").First.InnerTextAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Reader_ExpandsRelatedCardAndCollapsesIt()
    {
        var page = await site.NewPageAsync();
        await page.GotoAsync("/articles/black-sea-grain-corridor");
        var card = page.Locator("section.related-reads .teaser-card").First;
        var toggle = card.Locator("button.teaser-toggle");
        var more = card.Locator(".teaser-more");
        Assert.True(await toggle.IsVisibleAsync());
        Assert.False(await card.Locator("a.teaser-keep-reading").IsVisibleAsync());
        Assert.Equal("false", await toggle.GetAttributeAsync("aria-expanded"));
        Assert.False(await more.IsVisibleAsync());

        // The paragraphs are not in the page until the reader opens the card.
        Assert.Equal(0, await more.Locator("p").CountAsync());
        await toggle.ClickAsync();
        await Assertions.Expect(toggle).ToHaveAttributeAsync("aria-expanded", "true");
        await Assertions.Expect(more).ToBeVisibleAsync();
        await Assertions.Expect(more.Locator("a", new() { HasText = "Read the full article" })).ToBeVisibleAsync();
        Assert.True(await more.Locator("p").CountAsync() >= 2);
        Assert.Equal("Show less", (await toggle.InnerTextAsync()).Trim());
        Assert.True(await toggle.EvaluateAsync<bool>("b => document.activeElement === b"));

        await toggle.ClickAsync();
        Assert.Equal("false", await toggle.GetAttributeAsync("aria-expanded"));
        Assert.False(await more.IsVisibleAsync());
        Assert.Equal("Keep reading", (await toggle.InnerTextAsync()).Trim());
        Assert.True(await toggle.EvaluateAsync<bool>("b => document.activeElement === b"));
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Reader_OpensACardWhoseParagraphsCannotBeFetched_GetsTheArticle(bool notFound)
    {
        var page = await site.NewPageAsync();
        await page.RouteAsync("**/teasers/**", route => notFound
            ? route.FulfillAsync(new() { Status = 404, ContentType = "text/html", Body = "<!DOCTYPE html><html><body><h1>Not found</h1></body></html>" })
            : route.AbortAsync());
        await page.GotoAsync("/");
        var card = page.Locator(".card-list .teaser-card").First;
        var href = await card.Locator(".teaser-title a").GetAttributeAsync("href");
        await card.Locator("button.teaser-toggle").ClickAsync();
        await page.WaitForURLAsync("**" + href, new() { WaitUntil = WaitUntilState.Commit });
        await Assertions.Expect(page.Locator("article.article h1")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Reader_FollowsATagLink()
    {
        var page = await site.NewPageAsync();
        await page.GotoAsync("/articles/black-sea-grain-corridor");
        var tag = page.Locator(".article-tags a", new() { HasText = "Grain" });
        await tag.ClickAsync();
        await page.WaitForURLAsync("**/tags/grain", new() { WaitUntil = WaitUntilState.Commit });
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Grain");
        await Assertions.Expect(page.Locator(".teaser-card").Nth(1)).ToBeAttachedAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Reader_SubscribesWithJavaScriptWithoutLeavingThePage()
    {
        var page = await site.NewPageAsync();
        await page.GotoAsync("/articles/black-sea-grain-corridor");
        var navigations = 0;
        page.FrameNavigated += (_, frame) => navigations += frame == page.MainFrame ? 1 : 0;
        var form = page.Locator("form.newsletter-signup");
        await form.Locator("input[name=email]").FillAsync("js-reader@example.com");
        await form.Locator("button[type=submit]").ClickAsync();
        var status = form.Locator(".newsletter-status");
        await Assertions.Expect(status).ToHaveTextAsync(new Regex("You're on the list"));
        Assert.Equal("polite", await status.GetAttributeAsync("aria-live"));
        Assert.Equal(0, navigations);
        Assert.EndsWith("/articles/black-sea-grain-corridor", page.Url, StringComparison.Ordinal);
        Assert.Equal(string.Empty, await form.Locator("input[name=email]").InputValueAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Reader_SubscribesWithoutJavaScriptByConfirmingThenPostRedirectGet()
    {
        var page = await site.NewPageAsync(javaScript: false);
        await page.GotoAsync("/articles/black-sea-grain-corridor");
        // Without the script the toggle stays hidden and the link leads to the article.
        Assert.False(await page.Locator("button.teaser-toggle").First.IsVisibleAsync());
        Assert.True(await page.Locator("a.teaser-keep-reading").First.IsVisibleAsync());
        var form = page.Locator("form.newsletter-signup");
        await form.Locator("input[name=email]").FillAsync("nojs-reader@example.com");
        // The cached page carries no form token, so without script the post asks to confirm.
        var post = await page.RunAndWaitForResponseAsync(
            () => form.Locator("button[type=submit]").ClickAsync(),
            r => r.Url.EndsWith("/newsletter", StringComparison.Ordinal) && r.Request.Method == "POST");
        Assert.Equal(200, post.Status);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Confirm your subscription");
        Assert.Equal("nojs-reader@example.com", await page.Locator(".newsletter-confirm-address").InnerTextAsync());
        var confirm = await page.RunAndWaitForResponseAsync(
            () => page.Locator("form.newsletter-confirm button[type=submit]").ClickAsync(),
            r => r.Url.EndsWith("/newsletter", StringComparison.Ordinal) && r.Request.Method == "POST");
        Assert.Equal(302, confirm.Status);
        await page.WaitForURLAsync("**/articles/black-sea-grain-corridor#newsletter", new() { WaitUntil = WaitUntilState.Commit });
        await Assertions.Expect(form.Locator(".newsletter-status")).ToContainTextAsync("You're on the list");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task QuickReader_WithScript_IsNotTakenForABotAndIsStored()
    {
        // A site that takes forms sent back within 2 s for a bot's: the script waits that out
        // after fetching the form's fields, so a reader who types and sends at once is stored.
        using var content = new ArticleReader.Tests.Infrastructure.TempContent();
        content.Article("2025-01-01-quick.md", "Quick Piece");
        await using var strict = new ArticleReader.Tests.Infrastructure.SiteFactory(content.Root, new Dictionary<string, string?> { ["Newsletter:MinSecondsToSubmit"] = "2" });
        strict.UseKestrel(0);
        strict.StartServer();
        var address = strict.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First()
            .Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');
        var page = await site.NewPageAsync();
        await page.GotoAsync(address + "/articles/quick");
        var form = page.Locator("form.newsletter-signup");
        await form.Locator("input[name=email]").FillAsync("quick-reader@example.com");
        await form.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(form.Locator(".newsletter-status")).ToHaveTextAsync(new Regex("You're on the list"));
        var stored = strict.Services.GetRequiredService<ArticleReader.Web.Newsletter.ISubscriberStore>()
            .ReadAllAsync(CancellationToken.None).ToBlockingEnumerable().Select(r => r.Email).ToArray();
        Assert.Equal(["quick-reader@example.com"], stored);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Reader_WithKeyboardOnly_SubscribesAndTogglesACard()
    {
        var page = await site.NewPageAsync();
        await page.GotoAsync("/articles/black-sea-grain-corridor");
        var toggle = page.Locator("section.related-reads button.teaser-toggle").First;
        await TabUntilFocused(page, toggle);
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(toggle).ToHaveAttributeAsync("aria-expanded", "true");
        await page.Keyboard.PressAsync("Space");
        await Assertions.Expect(toggle).ToHaveAttributeAsync("aria-expanded", "false");

        var email = page.Locator("form.newsletter-signup input[name=email]");
        await TabUntilFocused(page, email);
        await page.Keyboard.TypeAsync("keyboard-reader@example.com");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator(".newsletter-status")).ToHaveTextAsync(new Regex("You're on the list"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Reader_WrongAddress_HearsWhatIsWrong()
    {
        var page = await site.NewPageAsync();
        await page.GotoAsync("/");
        var form = page.Locator("form.newsletter-signup");
        await form.Locator("input[name=email]").FillAsync("reader at example.com");
        await form.Locator("button[type=submit]").ClickAsync();
        var status = form.Locator(".newsletter-status");
        await Assertions.Expect(status).ToHaveTextAsync(new Regex("@|space", RegexOptions.IgnoreCase));
        Assert.Equal("polite", await status.GetAttributeAsync("aria-live"));
        Assert.Equal("status", await status.GetAttributeAsync("role"));
        Assert.Equal("true", await form.Locator("input[name=email]").GetAttributeAsync("aria-invalid"));
        Assert.Contains("newsletter-status", await form.Locator("input[name=email]").GetAttributeAsync("aria-describedby") ?? string.Empty, StringComparison.Ordinal);
        Assert.Equal("reader at example.com", await form.Locator("input[name=email]").InputValueAsync());
        await page.Context.CloseAsync();
    }

    private static async Task TabUntilFocused(IPage page, ILocator target)
    {
        for (var i = 0; i < 200; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await target.EvaluateAsync<bool>("e => document.activeElement === e"))
            {
                return;
            }
        }

        Assert.Fail("the element could not be reached with the Tab key");
    }

    [GeneratedRegex("/articles/[^/]+$")]
    private static partial Regex ArticleUrl();
}
