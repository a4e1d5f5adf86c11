using ArticleReader.Web.Infrastructure;

namespace ArticleReader.Tests.Infrastructure;

public sealed class CheckCommandTests : IDisposable
{
    private readonly TempContent _content = new();

    private (int ExitCode, string[] Lines) Run(string folder)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = CommandLine.TryRun(["check", folder], output, error);
        Assert.NotNull(exit);
        return (exit.Value, output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    [Fact]
    public void Check_FolderOfBrokenFiles_PrintsCompilerStyleLinesAndExits1()
    {
        _content.Write("2025-01-01-bad-yaml.md", "---\ntitle: Fine\ntags: [a, b\n---\nBody");
        _content.Write("2025-01-02-no-title.md", "---\ndek: Something\n---\nBody");
        _content.Write("bad-date.md", "---\ntitle: T\ndek: D\ndate: someday\n---\nBody");
        _content.WriteBytes("2025-01-03-latin1.md", [.. "---\ntitle: Caf"u8.ToArray(), 0xE9, .. "\ndek: D\n---\nBody"u8.ToArray()]);
        _content.Write("2025-01-04-big.md", "---\ntitle: Big\ndek: D\n---\n" + new string('x', 3 * 1024 * 1024));
        _content.Write("2025-01-05-warnings.md", "---\ntitle: Warned\ntype: Analyses\nimage: images/missing.png\nrelated: [nowhere]\nnot_related: [gone]\n---\nBody");
        _content.Write("a/2025-01-06-same.md", "---\ntitle: Same A\ndek: D\n---\nBody");
        _content.Write("b/2025-02-06-same.md", "---\ntitle: Same B\ndek: D\n---\nBody");
        _content.Write("2025-01-07-good.md", "---\ntitle: Good\ndek: Fine.\n---\nBody");

        var (exit, lines) = Run(_content.Root);
        Assert.Equal(1, exit);
        var root = _content.Root;
        Assert.Equal(
        [
            $"{root}/2025-01-01-bad-yaml.md:4:1: error: the front matter is not valid YAML (While parsing a flow sequence, did not find expected ',' or ']'); check quotes and indentation, and put values that contain ': ' in quotes",
            $"{root}/2025-01-02-no-title.md:2:1: error: the article has no title; add a line 'title: Your headline' to the front matter",
            $"{root}/2025-01-03-latin1.md:2:1: error: the file is not valid UTF-8 text (an unreadable byte on this line); save it as UTF-8",
            $"{root}/2025-01-04-big.md:1:1: error: the file is 3,145,754 bytes, more than the limit of 2,097,152 (Content:MaxFileBytes); split it or move large media next to it",
            $"{root}/2025-01-05-warnings.md:2:8: warning: the article has no dek; add 'dek: one sentence that says what the piece argues'",
            $"{root}/2025-01-05-warnings.md:3:7: warning: the type 'Analyses' is not one of Analysis, Brief, Essay, Explainer, Feature, Interview, News, Opinion, Report, Review; check the spelling",
            $"{root}/2025-01-05-warnings.md:4:8: warning: the image file 'images/missing.png' does not exist in the content folder",
            $"{root}/2025-01-05-warnings.md:4:8: warning: the image has no alt text; add 'image_alt: what the picture shows' for readers who cannot see it",
            $"{root}/2025-01-05-warnings.md:5:10: warning: 'related' names 'nowhere', but no article has that slug",
            $"{root}/2025-01-05-warnings.md:6:14: warning: 'not_related' names 'gone', but no article has that slug",
            $"{root}/b/2025-02-06-same.md:1:1: warning: the slug 'same' is already used by a/2025-01-06-same.md, which is older; this article is served at /articles/same-2025-02-06 (set 'slug:' to choose another)",
            $"{root}/bad-date.md:4:7: error: the date 'someday' cannot be read; write it as 2024-12-05, 2024-12-05 14:30 or 2024-12-05T14:30:00+01:00",
        ], lines);
    }

    [Fact]
    public void Check_CleanFolder_Exits0()
    {
        _content.Write("2025-01-07-good.md", "---\ntitle: Good\ndek: Fine.\n---\nBody");
        var (exit, lines) = Run(_content.Root);
        Assert.Equal(0, exit);
        Assert.Empty(lines);
    }

    [Fact]
    public void Check_MissingFolder_Exits1()
    {
        var (exit, lines) = Run(Path.Combine(_content.Root, "nope"));
        Assert.Equal(1, exit);
        Assert.Contains("does not exist", Assert.Single(lines), StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", "Corpus")]
    public void Check_RealCorpus_Exits0()
    {
        var corpus = Environment.GetEnvironmentVariable("ARTICLEREADER_CORPUS");
        Assert.False(string.IsNullOrEmpty(corpus), "ARTICLEREADER_CORPUS is set by test.sh when the corpus exists");
        var (exit, lines) = Run(corpus!);
        Assert.Equal(0, exit);
        Assert.DoesNotContain(lines, l => l.Contains(": error: ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("opening '---'", StringComparison.Ordinal));
    }

    public void Dispose() => _content.Dispose();
}
