using System.Text;
using ArticleReader.Web.Content;

namespace ArticleReader.Tests.Content;

public sealed class ArticleParserTests
{
    private static ParseResult Parse(string text, string path = "2025-01-10-a-piece.md") =>
        ArticleParser.Parse(path, Encoding.UTF8.GetBytes(text));

    private static Article ParseOk(string text, string path = "2025-01-10-a-piece.md")
    {
        var result = Parse(text, path);
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        return result.Article!;
    }

    [Fact]
    public void Parse_EveryField_IsRead()
    {
        var article = ParseOk("""
            ---
            title: Grain and Guns
            dek: Why the corridor holds.
            date: 2024-12-05 14:30
            author: Clara Wendt
            type: Opinion
            section: Middle East
            tags: [Black Sea, Grain]
            image: img/lead.svg
            image_alt: A map
            image_credit: "Illustration: Desk"
            slug: Custom Slug
            draft: false
            updated: 2024-12-06
            correction: A figure was wrong.
            expires: 2030-01-01
            aliases: [/old/grain, grain-old]
            related: [one, Two Words]
            not_related: [three]
            id: piece-42
            source_url: https://example.org/x
            source_name: Example Ministry
            ---
            Body text here.
            """, "sub/2025-01-10-ignored-name.md");

        Assert.Equal("Grain and Guns", article.Title);
        Assert.Equal("Why the corridor holds.", article.Dek);
        Assert.Equal(new DateTimeOffset(2024, 12, 5, 14, 30, 0, TimeSpan.Zero), article.Date);
        Assert.Equal(["Clara Wendt"], article.Authors.Select(a => a.Name));
        Assert.Equal("Opinion", article.Type);
        Assert.Equal(new Taxon("Middle East", "middle-east"), article.Section);
        Assert.Equal(["black-sea", "grain"], article.Tags.Select(t => t.Slug));
        Assert.Equal("/media/sub/img/lead.svg", article.Image!.Url);
        Assert.Equal("A map", article.Image.Alt);
        Assert.Equal("Illustration: Desk", article.Image.Credit);
        Assert.Equal("custom-slug", article.Slug);
        Assert.False(article.Draft);
        Assert.Equal(new DateTimeOffset(2024, 12, 6, 0, 0, 0, TimeSpan.Zero), article.Updated);
        Assert.Equal("A figure was wrong.", article.Correction);
        Assert.Equal(2030, article.Expires!.Value.Year);
        Assert.Equal(["/old/grain", "grain-old"], article.Aliases);
        Assert.Equal(["one", "two-words"], article.Related);
        Assert.Equal(["three"], article.NotRelated);
        Assert.Equal("piece-42", article.Id);
        Assert.Equal("https://example.org/x", article.SourceUrl);
        Assert.Equal("Example Ministry", article.SourceName);
    }

    [Theory]
    [InlineData("dek")]
    [InlineData("description")]
    [InlineData("summary")]
    [InlineData("subtitle")]
    public void Parse_DekAliases_AreRead(string field) =>
        Assert.Equal("The argument.", ParseOk($"---\ntitle: T\n{field}: The argument.\n---\nBody").Dek);

    [Theory]
    [InlineData("section: Europe")]
    [InlineData("category: Europe")]
    [InlineData("categories: [Europe, Asia]")]
    public void Parse_SectionAliases_AreRead(string line) =>
        Assert.Equal("europe", ParseOk($"---\ntitle: T\n{line}\n---\nBody").Section!.Slug);

    [Theory]
    [InlineData("author: Ann Lee", new[] { "Ann Lee" })]
    [InlineData("authors: [Ann Lee, Bo Ek]", new[] { "Ann Lee", "Bo Ek" })]
    [InlineData("authors: Ann Lee, Bo Ek", new[] { "Ann Lee", "Bo Ek" })]
    public void Parse_AuthorForms_AreRead(string line, string[] expected) =>
        Assert.Equal(expected, ParseOk($"---\ntitle: T\n{line}\n---\nBody").Authors.Select(a => a.Name));

    [Fact]
    public void Parse_TagsAsCommaString_AreSplit() =>
        Assert.Equal(["Energy", "Sanctions"], ParseOk("---\ntitle: T\ntags: \"Energy, Sanctions\"\n---\nB").Tags.Select(t => t.Name));

    [Theory]
    [InlineData("updated: 2025-02-01")]
    [InlineData("lastmod: 2025-02-01")]
    public void Parse_UpdatedAliases_AreRead(string line) =>
        Assert.Equal(2, ParseOk($"---\ntitle: T\n{line}\n---\nB").Updated!.Value.Month);

    [Theory]
    [InlineData("expires: 2025-03-01")]
    [InlineData("expiryDate: 2025-03-01")]
    [InlineData("expiry-date: 2025-03-01")]
    public void Parse_ExpiresAliases_AreRead(string line) =>
        Assert.Equal(3, ParseOk($"---\ntitle: T\n{line}\n---\nB").Expires!.Value.Month);

    [Fact]
    public void Parse_PublishDateAlias_IsTheDate() =>
        Assert.Equal(new DateTimeOffset(2023, 4, 5, 0, 0, 0, TimeSpan.Zero), ParseOk("---\ntitle: T\npublishDate: 2023-04-05\n---\nB", "x.md").Date);

    [Fact]
    public void Parse_FieldNames_AreCaseInsensitiveAndDashUnderscoreAlike()
    {
        var article = ParseOk("---\nTITLE: T\nImage-Alt: alt\nimage: a.png\nIMAGE_CREDIT: me\nNot-Related: [x]\n---\nB");
        Assert.Equal("T", article.Title);
        Assert.Equal("alt", article.Image!.Alt);
        Assert.Equal("me", article.Image.Credit);
        Assert.Equal(["x"], article.NotRelated);
    }

    [Fact]
    public void Parse_UnknownFields_AreIgnored() =>
        Assert.Equal("T", ParseOk("---\ntitle: T\nlayout: post\nteam: The team <https://x>\nrelease: true\n---\nB").Title);

    [Theory]
    [InlineData("2024-12-05", "2024-12-05T00:00:00+00:00")]
    [InlineData("2024-12-05 14:30", "2024-12-05T14:30:00+00:00")]
    [InlineData("2024-12-05T14:30:00+01:00", "2024-12-05T14:30:00+01:00")]
    [InlineData("2024-12-05T14:30:00Z", "2024-12-05T14:30:00+00:00")]
    [InlineData("2014-09-15 12:00:00 -0700", "2014-09-15T12:00:00-07:00")]
    public void ParseDate_ContractForms_AreRead(string text, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), ArticleParser.ParseDate(text));

    [Fact]
    public void Parse_NoDateField_TakesDateFromFileName()
    {
        var article = ParseOk("---\ntitle: T\n---\nB", "2019-05-03-survey.md");
        Assert.Equal(new DateTimeOffset(2019, 5, 3, 0, 0, 0, TimeSpan.Zero), article.Date);
        Assert.Equal("survey", article.Slug);
    }

    [Fact]
    public void Parse_FileNameWithDots_IsSlugged() =>
        Assert.Equal("rust-1-43-1", ParseOk("---\ntitle: T\n---\nB", "2020-05-07-Rust.1.43.1.md").Slug);

    [Fact]
    public void Parse_CyrillicFileName_KeepsCyrillicSlug() =>
        Assert.Equal("зелена-угода", ParseOk("---\ntitle: T\ndate: 2024-01-01\n---\nB", "Зелена угода.md").Slug);

    [Fact]
    public void Parse_NoDateAnywhere_IsAnErrorThatSaysWhatToAdd()
    {
        var result = Parse("---\ntitle: T\n---\nB", "no-date.md");
        var error = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticSeverity.Error, error.Severity);
        Assert.Contains("date", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_BrokenYaml_ReportsLineAndColumnInTheFile()
    {
        var result = Parse("---\ntitle: T\ntags: [a, b\nauthor: x\n---\nBody");
        Assert.Null(result.Article);
        var error = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticSeverity.Error, error.Severity);
        Assert.InRange(error.Line, 3, 5);
        Assert.True(error.Column > 0);
        Assert.Contains("YAML", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MissingTitle_IsAnError()
    {
        var result = Parse("---\ndek: x\n---\nBody");
        Assert.Null(result.Article);
        Assert.Contains("title", Assert.Single(result.Diagnostics).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnreadableDate_IsAnErrorOnItsLine()
    {
        var result = Parse("---\ntitle: T\n\ndate: next Tuesday\n---\nBody", "x.md");
        var error = Assert.Single(result.Diagnostics);
        Assert.Equal(4, error.Line);
        Assert.Contains("next Tuesday", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_InvalidUtf8_IsAnError()
    {
        var bytes = Encoding.UTF8.GetBytes("---\ntitle: T\n---\nline one\n").Concat(new byte[] { 0xC3, 0x28, 0xFF }).ToArray();
        var result = ArticleParser.Parse("x.md", bytes);
        var error = Assert.Single(result.Diagnostics);
        Assert.Contains("UTF-8", error.Message, StringComparison.Ordinal);
        Assert.Equal(5, error.Line);
    }

    [Fact]
    public void Parse_ZeroBytes_IsAnError() =>
        Assert.Contains("empty", Assert.Single(ArticleParser.Parse("x.md", []).Diagnostics).Message, StringComparison.Ordinal);

    [Fact]
    public void Parse_OversizedFile_IsAnErrorNamingTheLimit()
    {
        var result = ArticleParser.Parse("x.md", Encoding.UTF8.GetBytes("---\ntitle: T\n---\n" + new string('a', 2000)), maxFileBytes: 1000);
        Assert.Contains("Content:MaxFileBytes", Assert.Single(result.Diagnostics).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TomlHeader_IsAnErrorNamingToml() =>
        Assert.Contains("TOML", Assert.Single(Parse("+++\ntitle = \"T\"\n+++\nB").Diagnostics).Message, StringComparison.Ordinal);

    [Fact]
    public void Parse_NoFrontMatter_IsAnError() =>
        Assert.True(Parse("Just text, no header.").HasErrors);

    [Fact]
    public void Parse_Utf8Bom_AndCrLf_Work()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes("---\r\ntitle: Bom\r\ndek: D\r\n---\r\n\r\nFirst para.\r\n")).ToArray();
        var result = ArticleParser.Parse("2025-01-01-bom.md", bytes);
        Assert.False(result.HasErrors);
        Assert.Equal("Bom", result.Article!.Title);
        Assert.Equal("D", result.Article.Dek);
    }

    [Fact]
    public void Parse_BlankLineBeforeHeader_IsAccepted() =>
        Assert.Equal("T", ParseOk("\n---\ntitle: T\n---\nB").Title);

    [Fact]
    public void Parse_MissingOpeningDashes_IsForgivenWithAWarning()
    {
        var result = Parse("layout: post\ntitle: \"Forgiven\"\nauthor: A\n---\n\nBody.");
        Assert.False(result.HasErrors);
        Assert.Equal("Forgiven", result.Article!.Title);
        Assert.Equal(DiagnosticSeverity.Warning, Assert.Single(result.Diagnostics).Severity);
    }

    [Fact]
    public void Parse_Draft_IsMarked() => Assert.True(ParseOk("---\ntitle: T\ndraft: true\n---\nB").Draft);

    [Fact]
    public void Parse_DefaultType_IsAnalysis() => Assert.Equal("Analysis", ParseOk("---\ntitle: T\n---\nB").Type);

    [Fact]
    public void Parse_ImageForms_AreResolved()
    {
        Assert.Equal("/media/images/x.svg", ParseOk("---\ntitle: T\nimage: /images/x.svg\n---\nB", "europe/2025-01-01-a.md").Image!.Url);
        Assert.Equal("/media/images/x.svg", ParseOk("---\ntitle: T\nimage: ../images/x.svg\n---\nB", "europe/2025-01-01-a.md").Image!.Url);
        Assert.Equal("https://cdn.example/x.jpg", ParseOk("---\ntitle: T\nimage: https://cdn.example/x.jpg\n---\nB").Image!.Url);
    }

    [Fact]
    public void Parse_ImageEscapingTheRoot_IsDroppedWithAWarning()
    {
        var result = Parse("---\ntitle: T\nimage: ../../etc/passwd.png\n---\nB");
        Assert.Null(result.Article!.Image);
        Assert.Equal(DiagnosticSeverity.Warning, Assert.Single(result.Diagnostics).Severity);
    }
}
