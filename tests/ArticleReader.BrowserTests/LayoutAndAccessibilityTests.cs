using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace ArticleReader.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class LayoutAndAccessibilityTests(BrowserFixture site)
{
    public static TheoryData<string, string, int, int, string> Screens => new()
    {
        { "home", "/", 1280, 800, "light" },
        { "home", "/", 390, 844, "light" },
        { "home", "/", 1280, 800, "dark" },
        { "home", "/", 390, 844, "dark" },
        { "article", "/articles/black-sea-grain-corridor", 1280, 800, "light" },
        { "article", "/articles/black-sea-grain-corridor", 390, 844, "light" },
        { "article", "/articles/black-sea-grain-corridor", 1280, 800, "dark" },
        { "article", "/articles/black-sea-grain-corridor", 390, 844, "dark" },
    };

    [Theory]
    [MemberData(nameof(Screens))]
    public async Task Page_AtScreenSize_FitsWithoutSidewaysScrollAndIsSaved(string name, string url, int width, int height, string scheme)
    {
        var page = await site.NewPageAsync(width, height, scheme: scheme == "dark" ? ColorScheme.Dark : ColorScheme.Light);
        await page.GotoAsync(url);
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"{url} at {width}px overflows sideways by {overflow}px");
        var unsized = await page.EvaluateAsync<int>("() => [...document.images].filter(i => !i.getAttribute('width') || !i.getAttribute('height')).length");
        Assert.Equal(0, unsized);
        var fontSize = await page.EvaluateAsync<double>("() => parseFloat(getComputedStyle(document.querySelector('.article-body, .lead-dek, .teaser-excerpt')).fontSize)");
        Assert.InRange(fontSize, 16, 22);
        Directory.CreateDirectory(BrowserFixture.ScreenshotFolder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotFolder, $"{name}-{width}x{height}-{scheme}.png"), FullPage = true });
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/articles/black-sea-grain-corridor")]
    [InlineData("/sections/europe")]
    [InlineData("/tags/grain")]
    [InlineData("/authors/ірина-мельник")]
    [InlineData("/briefs")]
    [InlineData("/search?q=grain")]
    [InlineData("/search")]
    [InlineData("/no-such-page")]
    public async Task Page_HasNoAccessibilityViolations(string url)
    {
        foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
        {
            var page = await site.NewPageAsync(scheme: scheme);
            await page.GotoAsync(url);
            await AssertNoViolations(page, $"{url} ({scheme})");
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task SignupErrorState_HasNoAccessibilityViolations()
    {
        var withScript = await site.NewPageAsync();
        await withScript.GotoAsync("/");
        await withScript.Locator("form.newsletter-signup input[name=email]").FillAsync("not-an-address");
        await withScript.Locator("form.newsletter-signup button[type=submit]").ClickAsync();
        await Assertions.Expect(withScript.Locator(".newsletter-status.is-error")).ToBeVisibleAsync();
        await AssertNoViolations(withScript, "signup error (script)");
        await withScript.Context.CloseAsync();

        // The server-rendered error state (Post/Redirect/Get without the script). axe itself needs
        // JavaScript, so the form is sent with form.submit(), which bypasses the page's script.
        var withoutScript = await site.NewPageAsync();
        await withoutScript.GotoAsync("/");
        await withoutScript.Locator("form.newsletter-signup input[name=email]").FillAsync("not-an-address");
        var post = await withoutScript.RunAndWaitForResponseAsync(
            () => withoutScript.Locator("form.newsletter-signup").EvaluateAsync("f => f.submit()"),
            r => r.Url.EndsWith("/newsletter", StringComparison.Ordinal) && r.Request.Method == "POST");
        Assert.Equal(302, post.Status);
        // Commit, then waits on the content (see ReaderJourneyTests: a navigation's events were
        // sometimes never reported in full runs).
        await withoutScript.WaitForURLAsync("**/#newsletter", new() { WaitUntil = WaitUntilState.Commit });
        await Assertions.Expect(withoutScript.Locator(".newsletter-status.is-error")).ToBeVisibleAsync();
        Assert.Equal("not-an-address", await withoutScript.Locator("form.newsletter-signup input[name=email]").InputValueAsync());
        await AssertNoViolations(withoutScript, "signup error (no script)");

        // The confirm step a reader without script goes through.
        await withoutScript.Locator("form.newsletter-signup input[name=email]").FillAsync("confirm-me@example.com");
        var confirmPage = await withoutScript.RunAndWaitForResponseAsync(
            () => withoutScript.Locator("form.newsletter-signup").EvaluateAsync("f => f.submit()"),
            r => r.Url.EndsWith("/newsletter", StringComparison.Ordinal) && r.Request.Method == "POST");
        Assert.Equal(200, confirmPage.Status);
        await Assertions.Expect(withoutScript.Locator("form.newsletter-confirm")).ToBeVisibleAsync();
        await AssertNoViolations(withoutScript, "signup confirm step (no script)");
        await withoutScript.Context.CloseAsync();
    }

    private static async Task AssertNoViolations(IPage page, string what)
    {
        AxeResult result = await page.RunAxe().WaitAsync(TimeSpan.FromSeconds(90));
        var report = string.Join("\n", result.Violations.Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target.ToString()))}"));
        Assert.True(result.Violations.Length == 0, $"{what}:\n{report}");
    }
}
