using ArticleReader.Web.Content.Search;
using static ArticleReader.Tests.Content.Search.SearchTestDocuments;

namespace ArticleReader.Tests.Content.Search;

public sealed class SearchIndexTests
{
    [Fact]
    public void Search_TitleMatch_RanksAboveBodyMatch()
    {
        // The body-only document is newer and repeats the word, so only field weighting can put the title first.
        var index = SearchIndex.Build(
        [
            Doc("body-only", "Trade policy in review", "Sanctions, sanctions and more sanctions hit exports.", dayOffset: 5),
            Doc("in-title", "Sanctions explained", "What the new measures mean for exporters."),
        ]);

        var results = index.Search("sanctions", 0, 10);

        Assert.Equal(["in-title", "body-only"], Slugs(results));
    }

    [Fact]
    public void Search_TagMatch_RanksAboveBodyMatch()
    {
        var index = SearchIndex.Build(
        [
            Doc("body-only", "Grain markets", "Shipping through the Black Sea resumed; shipping insurers relaxed.", dayOffset: 3),
            Doc("tagged", "Grain markets", "Ports reopened after months of closure.", tags: ["Shipping"]),
        ]);

        var results = index.Search("shipping", 0, 10);

        Assert.Equal(["tagged", "body-only"], Slugs(results));
    }

    [Fact]
    public void Search_AuthorMatch_RanksAboveBodyMatch()
    {
        var index = SearchIndex.Build(
        [
            Doc("mentions", "Elections", "As Petrova wrote last year, turnout fell.", dayOffset: 3),
            Doc("by-author", "Elections", "Turnout fell again.", authors: ["Anna Petrova"]),
        ]);

        Assert.Equal(["by-author", "mentions"], Slugs(index.Search("petrova", 0, 10)));
    }

    [Fact]
    public void Search_CyrillicQuery_FindsCyrillicTag()
    {
        var index = SearchIndex.Build(
        [
            Doc("kyiv", "Енергетика взимку", "Мережа вистояла.", tags: ["Олена Коваль", "Київ"]),
            Doc("other", "Energy in winter", "The grid held."),
        ]);

        Assert.Equal(["kyiv"], Slugs(index.Search("Коваль", 0, 10)));
        Assert.Equal(["kyiv"], Slugs(index.Search("коваль", 0, 10)));
        Assert.Equal(["kyiv"], Slugs(index.Search("КИЇВ", 0, 10)));
    }

    [Theory]
    [InlineData("zurich")]
    [InlineData("Zürich")]
    [InlineData("ZÜRICH")]
    public void Search_DiacriticsInText_FoldedForAnyQuerySpelling(string query)
    {
        var index = SearchIndex.Build([Doc("banks", "Banks of Zürich", "Quiet money."), Doc("other", "Geneva")]);

        Assert.Equal(["banks"], Slugs(index.Search(query, 0, 10)));
    }

    [Fact]
    public void Search_DiacriticsInQuery_FindsPlainText()
    {
        var index = SearchIndex.Build([Doc("banks", "Banks of zurich", "Quiet money."), Doc("other", "Geneva")]);

        Assert.Equal(["banks"], Slugs(index.Search("Zürich", 0, 10)));
        Assert.Equal(["banks"], Slugs(index.Search("Zu\u0308rich", 0, 10)));
    }

    [Fact]
    public void Search_PrefixOnLastWord_MatchesCompletions()
    {
        var index = SearchIndex.Build(
        [
            Doc("sea", "Black Sea shipping", "Grain corridors."),
            Doc("sanctions", "New sanctions package", "Oil price cap."),
            Doc("black-only", "Black gold", "Oil again."),
        ]);

        var blackSea = index.Search("black se", 0, 10);
        var sanct = index.Search("sanct", 0, 10);

        Assert.Equal(["sea"], Slugs(blackSea));
        Assert.Contains("sea", blackSea.Terms);
        Assert.Equal(["sanctions"], Slugs(sanct));
        Assert.Equal(["sanctions"], sanct.Terms);
    }

    [Fact]
    public void Search_PrefixOnEarlierWord_NotApplied()
    {
        var index = SearchIndex.Build(
        [
            Doc("sanctions", "New sanctions package", "Oil price cap."),
            Doc("oil", "Oil markets", "Prices fell."),
        ]);

        var lastWord = index.Search("oil sanct", 0, 10);
        var earlierWord = index.Search("sanct oil", 0, 10);

        Assert.Equal(["sanctions"], Slugs(lastWord));
        Assert.Equal(["oil", "sanctions"], lastWord.Terms);

        // "sanct" must now match exactly, which nothing does, so only the any-word fallback on "oil" answers.
        Assert.Equal(["oil"], earlierWord.Terms);
        Assert.Equal(2, earlierWord.Total);
    }

    [Fact]
    public void Search_PrefixShorterThanTwoCharacters_MatchesExactlyOnly()
    {
        var index = SearchIndex.Build([Doc("sea", "Black Sea"), Doc("c", "The C language")]);

        Assert.Equal(["c"], Slugs(index.Search("c", 0, 10)));
        Assert.Empty(index.Search("b", 0, 10).Hits);
    }

    [Fact]
    public void Search_PrefixWithManyCompletions_ExpandsToMostFrequentCapped()
    {
        var documents = Enumerable.Range(0, 120)
            .Select(i => Doc($"d{i:000}", $"Report {i}", $"term{i:000} appears {(i < 3 ? "term000 term001 term002" : "")}"))
            .ToList();
        var index = SearchIndex.Build(documents);

        var results = index.Search("term", 0, 200);

        Assert.Equal(SearchIndex.MaxPrefixExpansions, results.Terms.Count);
        Assert.Contains("term000", results.Terms);
        Assert.Contains("term002", results.Terms);
    }

    [Fact]
    public void Search_StopWords_IgnoredInQuery()
    {
        var index = SearchIndex.Build(
        [
            Doc("war", "The war of attrition", "Front lines froze."),
            Doc("peace", "Peace talks", "Nothing of the kind happened."),
        ]);

        Assert.Equal(Slugs(index.Search("war attrition", 0, 10)), Slugs(index.Search("the war of the attrition", 0, 10)));
        Assert.Equal(["war", "attrition"], index.Search("The war of the attrition", 0, 10).Terms);
    }

    [Fact]
    public void Search_OnlyStopWords_ReturnsNothing()
    {
        var index = SearchIndex.Build([Doc("war", "The war of attrition")]);

        var results = index.Search("the of and", 0, 10);

        Assert.Empty(results.Hits);
        Assert.Equal(0, results.Total);
        Assert.Empty(results.Terms);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   \t\n")]
    [InlineData("!?,.")]
    public void Search_EmptyQuery_ReturnsNothing(string? query)
    {
        var index = SearchIndex.Build([Doc("a", "Anything")]);

        var results = index.Search(query, 0, 10);

        Assert.Empty(results.Hits);
        Assert.Equal(0, results.Total);
        Assert.Empty(results.Terms);
    }

    [Fact]
    public void Search_EmptyIndex_ReturnsNothing()
    {
        Assert.Equal(0, SearchIndex.Empty.Count);
        Assert.Equal(0, SearchIndex.Empty.Search("anything", 0, 10).Total);
    }

    [Fact]
    public void Search_AllWordsMatching_RankedBeforePartialMatches()
    {
        var index = SearchIndex.Build(
        [
            Doc("both", "Gas", "Gas prices and storage."),
            Doc("gas-only", "Gas gas gas", "Gas gas everywhere."),
        ]);

        var all = index.Search("gas storage", 0, 10);
        var fallback = index.Search("gas hydrogen", 0, 10);

        Assert.Equal(["both"], Slugs(all));
        Assert.Equal(1, all.Total);
        Assert.Equal(2, fallback.Total);
        Assert.Equal(["gas"], fallback.Terms);
    }

    [Fact]
    public void Search_Paging_ReturnsRequestedPageAndTotal()
    {
        var documents = Enumerable.Range(0, 25)
            .Select(i => Doc($"doc-{i:00}", $"Inflation report {i}", "Prices rose.", dayOffset: i))
            .ToList();
        var index = SearchIndex.Build(documents);

        var all = index.Search("inflation", 0, 100);
        var page = index.Search("inflation", 10, 10);
        var last = index.Search("inflation", 20, 10);
        var beyond = index.Search("inflation", 40, 10);
        var none = index.Search("inflation", 0, 0);

        Assert.Equal(25, all.Total);
        Assert.Equal(Slugs(all)[10..20], Slugs(page));
        Assert.Equal(25, page.Total);
        Assert.Equal(Slugs(all)[20..], Slugs(last));
        Assert.Empty(beyond.Hits);
        Assert.Equal(25, beyond.Total);
        Assert.Empty(none.Hits);
        Assert.Equal(25, none.Total);
    }

    [Fact]
    public void Search_NegativePaging_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SearchIndex.Empty.Search("x", -1, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => SearchIndex.Empty.Search("x", 0, -1));
    }

    [Fact]
    public void Search_EqualScores_OrderedByDateThenSlug()
    {
        var documents = new[]
        {
            Doc("b-old", "Drought", dayOffset: 0),
            Doc("c-new", "Drought", dayOffset: 2),
            Doc("a-old", "Drought", dayOffset: 0),
            Doc("d-mid", "Drought", dayOffset: 1),
        };

        var forward = SearchIndex.Build(documents).Search("drought", 0, 10);
        var reversed = SearchIndex.Build([.. documents.Reverse()]).Search("drought", 0, 10);

        Assert.Equal(["c-new", "d-mid", "a-old", "b-old"], Slugs(forward));
        Assert.Equal(Slugs(forward), Slugs(reversed));
        Assert.Equal(forward.Hits.Select(h => h.Score), reversed.Hits.Select(h => h.Score));
    }

    [Fact]
    public void Search_OverlongQuery_IsCapped()
    {
        var index = SearchIndex.Build([Doc("a", "Alpha beta")]);
        var manyWords = string.Join(' ', Enumerable.Range(0, 100).Select(i => $"word{i}")) + " alpha";

        var results = index.Search(manyWords + new string('x', 5000), 0, 10);

        Assert.Empty(results.Hits);
        Assert.Equal(["alpha"], index.Search("alpha " + manyWords, 0, 10).Terms);
    }

    [Fact]
    public void Search_ConcurrentReaders_GetSameResults()
    {
        var documents = Enumerable.Range(0, 200)
            .Select(i => Doc($"d{i}", $"Topic {i % 7}", $"Body text number {i} about topic{i % 13}", dayOffset: i % 5))
            .ToList();
        var index = SearchIndex.Build(documents);
        var expected = Slugs(index.Search("topic body", 0, 20));

        var observed = new string[32][];
        Parallel.For(0, observed.Length, i => observed[i] = Slugs(index.Search("topic body", 0, 20)));

        Assert.All(observed, slugs => Assert.Equal(expected, slugs));
    }

    [Fact]
    public void Build_Incremental_MatchesFullBuildAndReusesAnalysis()
    {
        var documents = new List<SearchDocument>
        {
            Doc("a", "Sanctions on oil", "The price cap bites.", tags: ["Energy"]),
            Doc("b", "Black Sea grain", "Ships sail again.", dayOffset: 1),
            Doc("c", "Elections in Moldova", "Turnout was high.", authors: ["Олена Коваль"], dayOffset: 2),
        };
        var first = SearchIndex.Build(documents);
        Assert.Equal(3, first.AnalyzedDocumentCount);

        documents[1] = documents[1] with { BodyText = "Ships sail again; sanctions loom." };
        var changed = SearchIndex.Build(documents, first);
        Assert.Equal(1, changed.AnalyzedDocumentCount);
        AssertSameResults(SearchIndex.Build(documents), changed);

        documents.Add(Doc("d", "Oil tankers", "Shadow fleet sanctions.", dayOffset: 3));
        var added = SearchIndex.Build(documents, changed);
        Assert.Equal(1, added.AnalyzedDocumentCount);
        AssertSameResults(SearchIndex.Build(documents), added);

        documents.RemoveAt(0);
        var removed = SearchIndex.Build(documents, added);
        Assert.Equal(0, removed.AnalyzedDocumentCount);
        Assert.Equal(3, removed.Count);
        AssertSameResults(SearchIndex.Build(documents), removed);
    }

    [Fact]
    public void Build_EqualButDistinctInstance_IsAnalysedAgain()
    {
        var original = Doc("a", "Title", "Body");
        var first = SearchIndex.Build([original]);

        var rebuilt = SearchIndex.Build([original with { }], first);

        Assert.Equal(1, rebuilt.AnalyzedDocumentCount);
    }

    private static void AssertSameResults(SearchIndex expected, SearchIndex actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        Assert.Equal(expected.TermCount, actual.TermCount);
        foreach (var query in new[] { "sanctions", "oil", "sanct", "black se", "коваль", "ships sanctions", "energy" })
        {
            var x = expected.Search(query, 0, 10);
            var y = actual.Search(query, 0, 10);
            Assert.Equal(x.Total, y.Total);
            Assert.Equal(x.Terms, y.Terms);
            Assert.Equal(Slugs(x), Slugs(y));
            Assert.Equal(x.Hits.Select(h => h.Score), y.Hits.Select(h => h.Score));
        }
    }
}
