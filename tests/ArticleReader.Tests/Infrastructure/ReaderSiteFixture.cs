namespace ArticleReader.Tests.Infrastructure;

/// <summary>
/// A small magazine for page tests: 7 stories over 3 sections, shared tags and authors, a
/// draft, a future piece, a brief, and two files that collide on one slug. Read-only: tests
/// that change content make their own folder.
/// </summary>
public sealed class ReaderSiteFixture : IDisposable
{
    public ReaderSiteFixture()
    {
        Content = new TempContent();
        Content.Write("images/lead.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"12\" height=\"7\"><rect width=\"12\" height=\"7\"/></svg>");
        Content.Article("2025-01-01-oldest.md", "The Oldest Story", date: null, extra: "section: Europe\ntags: [Grain]\nauthor: Clara Wendt");
        Content.Article("2025-01-02-grain-ports.md", "Grain Ports Under Pressure", date: null, extra: "section: Europe\ntags: [Grain, Black Sea, Олена Коваль]\nauthor: Clara Wendt\ndek: Why the ports matter.\nimage: images/lead.svg\nimage_alt: A port at dusk\nimage_credit: Meridian graphics desk");
        Content.Article("2025-01-03-chips.md", "Chips and Controls", date: null, extra: "section: Asia-Pacific\ntags: [Semiconductors]\nauthors: [Priya Raman, Jonas Eklund]\ntype: Explainer");
        Content.Article("2025-01-04-gulf.md", "Gulf Energy", date: null, extra: "section: Middle East\ntags: [Energy]\nauthor: Ірина Мельник\ntype: Opinion");
        Content.Article("2025-01-05-corridor.md", "The Corridor Holds", date: null, extra: "section: Europe\ntags: [Grain, Black Sea]\nauthor: Ірина Мельник");
        Content.Article("2025-01-06-tanks.md", "Buying Tanks", date: null, extra: "section: Europe\ntags: [Defence Spending]\nauthor: Clara Wendt");
        Content.Article("2025-01-07-newest.md", "The Newest Story", date: null, extra: "section: Asia-Pacific\ntags: [Grain]\nauthor: Priya Raman\ndek: The lead story's dek.\nimage: /images/lead.svg\nimage_alt: Lead image\nimage_credit: Someone / Agency",
            body: "The lead paragraph of the newest story is here.\n\n## A heading\n\nMore text with <script>alert('x')</script> removed.\n");
        Content.Article("2025-01-08-secret-draft.md", "Secret Draft", date: null, extra: "draft: true\nsection: Europe");
        Content.Article("future-piece.md", "Future Piece", date: "2099-01-01", extra: "section: Europe");
        Content.Article("briefs/2025-01-07-brief.md", "A Short Brief", date: "2025-01-07 10:00", extra: "type: Brief\nsection: Europe\ntags: [Grain]\nsource_url: https://example.org/release\nsource_name: Example Ministry");
        // Two files, one slug: the older keeps it.
        Content.Article("a/survey.md", "Survey 2019", date: "2019-05-03", extra: "section: Economy");
        Content.Article("b/survey.md", "Survey 2021", date: "2021-05-03", extra: "section: Economy");
        Content.Write("notes.txt", "not an article");
        Content.Write(".hidden.md", "---\ntitle: Hidden\ndate: 2025-01-01\n---\nB");
        Content.Write("README.md", "# Guide for editors");
        Content.Write("broken.md", "---\ntitle: [unclosed\n---\nB");
        Factory = new SiteFactory(Content.Root);
        Client = Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
    }

    public TempContent Content { get; }

    public SiteFactory Factory { get; }

    public HttpClient Client { get; }

    public void Dispose()
    {
        Client.Dispose();
        Factory.Dispose();
        Content.Dispose();
    }
}
