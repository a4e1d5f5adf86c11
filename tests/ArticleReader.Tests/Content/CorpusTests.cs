using System.Net;
using ArticleReader.Tests.Infrastructure;
using ArticleReader.Web.Content;
using ArticleReader.Web.Content.Related;
using Microsoft.Extensions.Logging.Abstractions;

namespace ArticleReader.Tests.Content;

/// <summary>
/// The real blog corpus from ../shared (566 posts with real editors' slips). test.sh sets
/// ARTICLEREADER_CORPUS when the folder exists and filters these tests out when it does not.
/// </summary>
[Trait("Category", "Corpus")]
public sealed class CorpusTests
{
    /// <summary>The corpus folder: ARTICLEREADER_CORPUS, or ../shared next to the checkout.</summary>
    internal static string CorpusRoot =>
        Environment.GetEnvironmentVariable("ARTICLEREADER_CORPUS") is { Length: > 0 } path
            ? path
            : Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../../shared/corpus/rust-blog/posts"));

    private static ContentSnapshot Load()
    {
        Assert.True(Directory.Exists(CorpusRoot), $"corpus folder {CorpusRoot} is missing");
        using var store = new ContentStore(CorpusRoot, 2 * 1024 * 1024, 3, TimeProvider.System, NullLogger<ContentStore>.Instance);
        return store.Reload();
    }

    [Fact]
    public void Corpus_PlainText_HasTheRenderedWordsOfEveryPost()
    {
        Assert.True(Directory.Exists(CorpusRoot), $"corpus folder {CorpusRoot} is missing");
        var paths = ContentLoader.ArticlePaths(CorpusRoot);
        Assert.Equal(566, paths.Count);
        var (problems, _) = MarkdownTextTests.CompareWithRendered(CorpusRoot, paths);
        Assert.True(problems.Count == 0, $"{problems.Count} problems:\n" + string.Join('\n', problems));
    }

    [Fact]
    public void Corpus_All566Posts_LoadWithZeroErrors()
    {
        var snapshot = Load();
        Assert.Equal(566, snapshot.Files.Count);
        Assert.DoesNotContain(snapshot.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal(566, snapshot.ArticleCount);
        Assert.Equal(566, snapshot.All.Count);
    }

    [Fact]
    public void Corpus_RelatedReadsAskedPerArticle_AreThoseComputedForAllAtOnce()
    {
        var snapshot = Load();
        var all = RelatedReadsEngine.Compute(
            snapshot.All.Select(a => new RelatedDocument(
                a.Slug, a.Title, a.Dek, a.BodyText, a.Tags.Select(t => t.Name).ToArray(), a.Authors.Select(t => t.Name).ToArray(),
                a.Section?.Name, a.Date, IsCandidate: !a.IsBrief, a.Related, a.NotRelated)).ToArray(),
            3);
        Assert.Equal(566, all.BySlug.Count);
        foreach (var article in snapshot.All)
        {
            var expected = all.BySlug[article.Slug].Select(p => (p.Slug, p.RelatedBy));
            Assert.Equal(expected, snapshot.RelatedTo(article.Slug).Select(c => (c.Article.Slug, c.RelatedBy)));
        }
    }

    [Fact]
    public void Corpus_SlipsAreForgivenOrWarned()
    {
        var snapshot = Load();
        // The file without an opening '---' is forgiven with a warning naming it; the one with a
        // blank line before its '---' loads without one.
        Assert.DoesNotContain(snapshot.Diagnostics, d => d.Path.Contains("Increasing-Apple-Version-Requirements", StringComparison.Ordinal));
        Assert.Contains(snapshot.Diagnostics, d => d.Severity == DiagnosticSeverity.Warning && d.Path == "inside-rust/2020-09-17-stabilizing-intra-doc-links.md" && d.Message.Contains("opening '---'", StringComparison.Ordinal));
        // Repeated names across years: the older keeps the slug, the newer gets its date.
        var surveys = snapshot.All.Where(a => a.BaseSlug == "rust-survey-2016-results" || a.Slug.StartsWith("survey", StringComparison.Ordinal)).ToArray();
        Assert.Contains(snapshot.Diagnostics, d => d.Message.Contains("is already used by", StringComparison.Ordinal));
        Assert.Equal(snapshot.All.Count, snapshot.All.Select(a => a.Slug).Distinct().Count());
        Assert.NotEmpty(surveys);
    }

    [Fact]
    public void Corpus_CollidingSlugs_OlderKeepsIt()
    {
        var snapshot = Load();
        var collided = snapshot.All.Where(a => a.Slug != a.BaseSlug).ToArray();
        Assert.NotEmpty(collided);
        foreach (var newer in collided)
        {
            var owner = snapshot.Find(newer.BaseSlug)!;
            Assert.True(owner.Date <= newer.Date, $"{owner.SourcePath} should be older than {newer.SourcePath}");
            Assert.Equal($"{newer.BaseSlug}-{newer.Date:yyyy-MM-dd}", newer.Slug[..Math.Min(newer.Slug.Length, newer.BaseSlug.Length + 11)]);
        }
    }

    [Fact]
    public async Task Corpus_EveryPostIsServed()
    {
        using var factory = new SiteFactory(CorpusRoot);
        using var client = factory.CreateClient();
        var store = (ContentStore)factory.Services.GetService(typeof(ContentStore))!;
        var slugs = store.Current.All.Select(a => a.Slug).ToArray();
        Assert.Equal(566, slugs.Length);
        foreach (var slug in slugs)
        {
            using var response = await client.GetAsync(new Uri($"/articles/{Uri.EscapeDataString(slug)}", UriKind.Relative));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"/articles/{slug} answered {(int)response.StatusCode}");
        }

        using var home = await client.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
    }
}
