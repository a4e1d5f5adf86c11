using ArticleReader.Web.Content.Search;
using static ArticleReader.Tests.Content.Search.SearchTestDocuments;

namespace ArticleReader.Tests.Content.Search;

public sealed class SearchTextTests
{
    [Theory]
    [InlineData("Zürich", "zurich")]
    [InlineData("ZU\u0308RICH", "zurich")]
    [InlineData("Київ", "київ")]
    [InlineData("Crème", "creme")]
    [InlineData("İstanbul", "istanbul")]
    [InlineData("Ελλάδα", "ελλαδα")]
    public void Fold_RemovesCaseAndDiacritics_KeepsScript(string token, string expected)
    {
        Assert.Equal(expected, SearchText.Fold(token));
    }

    [Fact]
    public void Fold_CyrillicShortI_IsConsistent()
    {
        Assert.Equal(SearchText.Fold("Й"), SearchText.Fold("й"));
        Assert.Equal(SearchText.Fold("и\u0306"), SearchText.Fold("й"));
    }

    [Fact]
    public void Tokenize_SplitsOnNonLetters_KeepsCombiningMarksInWords()
    {
        var tokens = SearchText.Tokenize("Zu\u0308rich's 2024 budget—Київ, naïve! <b>x</b>");

        Assert.Equal(["zurich", "s", "2024", "budget", "київ", "naive", "b", "x", "b"], tokens);
    }

    [Fact]
    public void Highlight_MarksMatchingWordsOnly()
    {
        var html = SearchText.Highlight("Sanctions and sanction; SANCTIONED sanctions.", ["sanctions"]);

        Assert.Equal("<mark>Sanctions</mark> and sanction; SANCTIONED <mark>sanctions</mark>.", html);
    }

    [Fact]
    public void Highlight_FoldsWordsOfText()
    {
        var html = SearchText.Highlight("Banks of Zürich and ZURICH", ["zurich"]);

        Assert.Equal("Banks of <mark>Z&#252;rich</mark> and <mark>ZURICH</mark>", html);
    }

    [Fact]
    public void Highlight_PrefixMarker_MarksWordsStartingWithTerm()
    {
        var html = SearchText.Highlight("Sanctions and sanction; sane.", ["sanct*"]);

        Assert.Equal("<mark>Sanctions</mark> and <mark>sanction</mark>; sane.", html);
    }

    [Fact]
    public void Highlight_EncodesHtmlInTextAndQuery()
    {
        var text = "Payload <script>alert('x')</script> & script kiddies";
        var index = SearchIndex.Build([Doc("xss", "Security", text)]);
        var results = index.Search("<script>", 0, 10);

        var html = SearchText.Highlight(text, results.Terms);

        Assert.Equal(["script"], results.Terms);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(
            "Payload &lt;<mark>script</mark>&gt;alert(&#39;x&#39;)&lt;/<mark>script</mark>&gt; &amp; <mark>script</mark> kiddies",
            html);
        Assert.Equal("&lt;script&gt;", SearchText.Highlight("<script>", ["<script>"]));
    }

    [Fact]
    public void Highlight_TermsFromPrefixSearch_MarkCompletions()
    {
        var body = "The sanctions regime widened; sanctioned banks protested.";
        var index = SearchIndex.Build([Doc("a", "Banks", body)]);

        var html = SearchText.Highlight(body, index.Search("sanct", 0, 10).Terms);

        Assert.Equal("The <mark>sanctions</mark> regime widened; <mark>sanctioned</mark> banks protested.", html);
    }

    [Fact]
    public void Highlight_WithMaxLength_CutsWindowAroundFirstMatch()
    {
        var before = string.Join(' ', Enumerable.Range(0, 60).Select(i => $"alpha{i}"));
        var after = string.Join(' ', Enumerable.Range(0, 60).Select(i => $"omega{i}"));
        var text = $"{before} the sanctions package {after}";

        var html = SearchText.Highlight(text, ["sanctions"], maxLength: 80);

        Assert.StartsWith(SearchText.Ellipsis + "alpha", html);
        Assert.EndsWith(SearchText.Ellipsis, html);
        Assert.Contains("<mark>sanctions</mark> package omega0", html);
        var plain = html.Replace("<mark>", "").Replace("</mark>", "").Trim('\u2026');
        Assert.InRange(plain.Length, 60, 80);
        Assert.Matches(@"^alpha\d+ ", plain);
        Assert.Matches(@" omega\d+$", plain);
    }

    [Fact]
    public void Highlight_WithMaxLength_MatchNearStart_NoLeadingEllipsis()
    {
        var text = "Sanctions first. " + string.Join(' ', Enumerable.Range(0, 50).Select(i => $"word{i}"));

        var html = SearchText.Highlight(text, ["sanctions"], maxLength: 40);

        Assert.StartsWith("<mark>Sanctions</mark> first.", html);
        Assert.EndsWith(SearchText.Ellipsis, html);
    }

    [Fact]
    public void Highlight_WithMaxLength_NoMatch_ReturnsStartOfText()
    {
        var text = string.Join(' ', Enumerable.Range(0, 50).Select(i => $"word{i}"));

        var html = SearchText.Highlight(text, ["absent"], maxLength: 30);

        Assert.StartsWith("word0 word1", html);
        Assert.EndsWith(SearchText.Ellipsis, html);
        Assert.DoesNotContain("<mark>", html);
    }

    [Fact]
    public void Highlight_ShortTextWithMaxLength_ReturnsWholeText()
    {
        Assert.Equal("Short <mark>text</mark>", SearchText.Highlight("Short text", ["text"], maxLength: 200));
    }
}
