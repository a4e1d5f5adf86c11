using ArticleReader.Web.Content.Related;

namespace ArticleReader.Tests.Content.Related;

public sealed class RelatedReadsEngineTests
{
    private static readonly DateTimeOffset s_epoch = new(2026, 1, 1, 8, 0, 0, TimeSpan.Zero);

    private const string GrainArticle =
        "Grain exports through Black Sea ports resumed after shipping insurers returned. Odesa terminals "
        + "loaded wheat and maize cargoes while silo capacity and harbour dredging limited throughput.";

    private const string GrainPortsText =
        "Ports on the Black Sea handle most grain cargoes bound for Africa: wheat and maize leave Odesa "
        + "terminals once insurers cover the shipping lanes and the silo queues clear.";

    private const string ElectionText =
        "Parliament debated the defence budget as coalition partners argued over procurement, pensions "
        + "and the timing of snap elections before the summer recess.";

    [Fact]
    public void Compute_TwoSharedTags_RankAboveOne()
    {
        var result = Compute(
            3,
            Doc("a", tags: ["Grain", "Ports"]),
            Doc("one-tag", tags: ["Grain"], day: 9),
            Doc("two-tags", tags: ["Grain", "Ports"], day: 1));

        Assert.Equal(["two-tags", "one-tag"], Slugs(result, "a"));
    }

    [Fact]
    public void Compute_EqualScores_NewerFirstThenOrdinalSlug()
    {
        var result = Compute(
            3,
            Doc("a", tags: ["Grain"]),
            Doc("older", tags: ["Grain"], day: 1),
            Doc("newer-a", tags: ["Grain"], day: 2),
            Doc("newer-Z", tags: ["Grain"], day: 2));

        Assert.Equal(["newer-Z", "newer-a", "older"], Slugs(result, "a"));
    }

    [Fact]
    public void Compute_TagPlusAuthor_RankAboveTagAlone()
    {
        var result = Compute(
            3,
            Doc("a", tags: ["Grain"], authors: ["Ana Petrova"]),
            Doc("tag-only", tags: ["Grain"], authors: ["Someone Else"], day: 9),
            Doc("tag-and-author", tags: ["Grain"], authors: ["Ana Petrova"], day: 1));

        Assert.Equal(["tag-and-author", "tag-only"], Slugs(result, "a"));
    }

    [Fact]
    public void Compute_SameSectionOnly_RanksBelowAnySharedTag()
    {
        var result = Compute(
            3,
            Doc("a", tags: ["Grain"], section: "Europe"),
            Doc("same-section", section: "Europe", day: 9),
            Doc("shared-tag", tags: ["Grain"], section: "Africa", day: 1));

        var picks = result.BySlug["a"];
        Assert.Equal(["shared-tag", "same-section"], picks.Select(p => p.Slug));
        Assert.Equal("Europe", picks[1].RelatedBy);
        Assert.Equal(RelatedReadsEngine.SectionScore, picks[1].Score);
    }

    [Fact]
    public void Compute_TextSimilarity_OrdersUntaggedArticles()
    {
        var result = Compute(
            2,
            Doc("a", title: "Why Black Sea grain ports matter", body: GrainArticle),
            Doc("unrelated", title: "Snap elections loom", body: ElectionText, day: 9),
            Doc("grain-ports", title: "Grain ports and African bread", body: GrainPortsText, day: 1));

        var picks = result.BySlug["a"];
        Assert.Equal(["grain-ports", "unrelated"], picks.Select(p => p.Slug));
        Assert.True(picks[0].Score > 0);
        Assert.True(picks[0].Score <= RelatedReadsEngine.MaxTextScore);
    }

    [Fact]
    public void Compute_UntaggedTextMatch_RelatedBySimilarText()
    {
        var result = Compute(
            1,
            Doc("a", title: "Why Black Sea grain ports matter", body: GrainArticle),
            Doc("unrelated", body: ElectionText, day: 9),
            Doc("grain-ports", body: GrainPortsText, day: 1));

        var pick = Assert.Single(result.BySlug["a"]);
        Assert.Equal(new RelatedPick("grain-ports", "similar text", pick.Score), pick);
    }

    [Fact]
    public void Compute_Pins_ComeFirstInGivenOrder()
    {
        var result = Compute(
            3,
            Doc("a", tags: ["Grain"], pinned: ["pin-two", "pin-one"]),
            Doc("pin-one", day: 1),
            Doc("pin-two", day: 2),
            Doc("best-scored", tags: ["Grain"], day: 3));

        Assert.Equal(["pin-two", "pin-one", "best-scored"], Slugs(result, "a"));
    }

    [Fact]
    public void Compute_MorePinsThanCount_KeepsFirstPins()
    {
        var result = Compute(
            2,
            Doc("a", pinned: ["p1", "p2", "p3"]),
            Doc("p1"),
            Doc("p2"),
            Doc("p3"));

        Assert.Equal(["p1", "p2"], Slugs(result, "a"));
    }

    [Fact]
    public void Compute_UnknownPin_Warns()
    {
        var result = Compute(
            3,
            Doc("a", pinned: ["missing-piece", "b"]),
            Doc("b"));

        Assert.Equal(["b"], Slugs(result, "a"));
        var warning = Assert.Single(result.Warnings);
        Assert.Equal("article 'a' pins related 'missing-piece', which does not exist or is not published", warning);
    }

    [Fact]
    public void Compute_NotRelated_Excluded()
    {
        var result = Compute(
            5,
            Doc("a", tags: ["Grain"], section: "Europe", excluded: ["twin"]),
            Doc("twin", tags: ["Grain"], section: "Europe", day: 5),
            Doc("other", day: 1));

        Assert.Equal(["other"], Slugs(result, "a"));
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Compute_Self_NeverAppears()
    {
        var documents = Enumerable.Range(0, 12)
            .Select(i => Doc($"doc-{i}", body: GrainArticle, tags: ["Grain"], section: "Europe", day: i))
            .ToArray();

        var result = RelatedReadsEngine.Compute(documents, 20);

        foreach (var document in documents)
        {
            var picks = result.BySlug[document.Slug];
            Assert.DoesNotContain(document.Slug, picks.Select(p => p.Slug));
            Assert.Equal(11, picks.Count);
        }
    }

    [Fact]
    public void Compute_NonCandidate_NeverAppearsUnlessPinned()
    {
        var result = Compute(
            5,
            Doc("a", tags: ["Grain"], section: "Europe", body: GrainArticle),
            Doc("brief", tags: ["Grain"], section: "Europe", body: GrainArticle, day: 9, isCandidate: false),
            Doc("pinner", pinned: ["brief"], tags: ["Grain"]),
            Doc("other", day: 1));

        Assert.DoesNotContain("brief", Slugs(result, "a"));
        Assert.DoesNotContain("brief", Slugs(result, "other"));
        var pinned = result.BySlug["pinner"][0];
        Assert.Equal("brief", pinned.Slug);
        Assert.Equal("Grain", pinned.RelatedBy);

        // The brief itself still gets related reads.
        Assert.Equal(3, result.BySlug["brief"].Count);
    }

    [Fact]
    public void Compute_NotEnoughScored_FillsCountFromFallback()
    {
        var result = Compute(
            4,
            Doc("a", section: "Europe", tags: ["Grain"], day: 5),
            Doc("tagged", tags: ["Grain"], section: "Asia", day: 1),
            Doc("europe-old", section: "Europe", day: 2),
            Doc("europe-new", section: "Europe", day: 3),
            Doc("asia-newest", section: "Asia", day: 8),
            Doc("asia-old", section: "Asia", day: 0));

        var picks = result.BySlug["a"];
        Assert.Equal(["tagged", "europe-new", "europe-old", "asia-newest"], picks.Select(p => p.Slug));
        Assert.Equal(["Grain", "Europe", "Europe", "latest"], picks.Select(p => p.RelatedBy));
    }

    [Fact]
    public void Compute_FewerDocumentsThanCount_ReturnsAllOthers()
    {
        var result = Compute(
            10,
            Doc("a"),
            Doc("b", day: 1),
            Doc("c", day: 2));

        Assert.Equal(["c", "b"], Slugs(result, "a"));
        Assert.Equal(["c", "a"], Slugs(result, "b"));
    }

    [Fact]
    public void Compute_ZeroCount_ReturnsEmptyListForEveryDocument()
    {
        var result = Compute(0, Doc("a"), Doc("b"));

        Assert.Empty(result.BySlug["a"]);
        Assert.Empty(result.BySlug["b"]);
    }

    [Fact]
    public void Compute_NegativeCount_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RelatedReadsEngine.Compute([Doc("a")], -1));
    }

    [Fact]
    public void Compute_ShuffledInput_SameOutput()
    {
        var documents = RandomCorpus(80, seed: 7);
        var expected = Render(RelatedReadsEngine.Compute(documents, 5));

        var random = new Random(11);
        for (var round = 0; round < 5; round++)
        {
            var shuffled = documents.ToArray();
            random.Shuffle(shuffled);
            Assert.Equal(expected, Render(RelatedReadsEngine.Compute(shuffled, 5)));
        }
    }

    [Fact]
    public void Prepare_PicksAskedOneByOneFromManyThreads_AreThoseComputedAllAtOnce()
    {
        var documents = RandomCorpus(300, seed: 3).Append(Doc("pins-unknown", pinned: ["no-such-slug"])).ToArray();
        var all = RelatedReadsEngine.Compute(documents, 4);
        var reads = RelatedReadsEngine.Prepare(documents, 4);

        var order = documents.Select(d => d.Slug).ToArray();
        new Random(5).Shuffle(order);
        var asked = new System.Collections.Concurrent.ConcurrentDictionary<string, IReadOnlyList<RelatedPick>>();
        Parallel.ForEach(order.Concat(order), new ParallelOptions { MaxDegreeOfParallelism = 8 }, slug => asked[slug] = reads.For(slug.ToUpperInvariant()));

        Assert.Equal(Render(all), Render(new RelatedReadsResult(asked.ToDictionary(kv => kv.Key, kv => kv.Value), reads.Warnings)));
        Assert.Contains(reads.Warnings, w => w.Contains("no-such-slug", StringComparison.Ordinal));
        Assert.Same(reads.For(order[0]), reads.For(order[0]));
        Assert.Empty(reads.For("not-a-document"));
        Assert.Equal(4, reads.For(order[1]).Count);
    }

    [Fact]
    public void Prepare_ManyThreadsAskingForOneArticleAtOnce_AllGetThePicksComputedAllAtOnce()
    {
        var documents = RandomCorpus(120, seed: 9);
        var expected = RelatedReadsEngine.Compute(documents, 5).BySlug;
        for (var round = 0; round < 20; round++)
        {
            var reads = RelatedReadsEngine.Prepare(documents, 5);
            var slugs = documents.Select(d => d.Slug).Skip(round * 5).Take(5).ToArray();
            var answers = new IReadOnlyList<RelatedPick>[8][];
            using var start = new Barrier(8);
            Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, worker =>
            {
                answers[worker] = new IReadOnlyList<RelatedPick>[slugs.Length];
                for (var i = 0; i < slugs.Length; i++)
                {
                    start.SignalAndWait();
                    answers[worker][i] = reads.For(slugs[i]);
                }
            });
            for (var i = 0; i < slugs.Length; i++)
            {
                Assert.All(answers, a => Assert.Equal(expected[slugs[i]], a[i]));
            }
        }
    }

    [Fact]
    public void Query_RunTwiceForTheSameArticle_GivesTheSamePicks()
    {
        var documents = RandomCorpus(80, seed: 4);
        var reads = RelatedReadsEngine.Prepare(documents, 5);
        var query = new RelatedQuery(reads.Model);
        for (var i = 0; i < reads.DocumentCount; i++)
        {
            var first = query.Run(i, 5);
            Assert.Equal(first, query.Run(i, 5));
            Assert.Equal(first, new RelatedQuery(reads.Model).Run(i, 5));
        }
    }

    [Fact]
    public void Prepare_CountZeroOrOneDocument_HasNoPicks()
    {
        Assert.Empty(RelatedReadsEngine.Prepare([Doc("a"), Doc("b")], 0).For("a"));
        Assert.Empty(RelatedReadsEngine.Prepare([Doc("a")], 3).For("a"));
    }

    [Fact]
    public void Compute_TagsAndSection_RelatedByListsSharedNamesInArticleSpelling()
    {
        var result = Compute(
            1,
            Doc("a", tags: ["Black Sea", "Energy", "Grain"], authors: ["Ana Petrova"], section: "Middle East"),
            Doc("b", tags: ["grain", "black  sea "], authors: ["Other Author"], section: "middle east"));

        var pick = Assert.Single(result.BySlug["a"]);
        Assert.Equal("Black Sea, Grain · Middle East", pick.RelatedBy);
        Assert.Equal((2 * RelatedReadsEngine.TagScore) + RelatedReadsEngine.SectionScore, pick.Score);
    }

    [Fact]
    public void Compute_TagsAuthorsAndSection_RelatedByGroupsInOrder()
    {
        var result = Compute(
            1,
            Doc("a", tags: ["Grain"], authors: ["Ana Petrova", "Li Wei"], section: "Europe"),
            Doc("b", tags: ["Grain"], authors: ["Li Wei", "Ana Petrova"], section: "Europe"));

        Assert.Equal("Grain · Ana Petrova, Li Wei · Europe", result.BySlug["a"][0].RelatedBy);
    }

    [Fact]
    public void Compute_PinWithNothingShared_RelatedByEditorsPick()
    {
        var result = Compute(
            1,
            Doc("a", tags: ["Grain"], section: "Europe", pinned: ["b"]),
            Doc("b", tags: ["Chips"], section: "Asia"));

        Assert.Equal(new RelatedPick("b", "editor's pick", 0), Assert.Single(result.BySlug["a"]));
    }

    [Fact]
    public void Compute_CyrillicTexts_AreSimilar()
    {
        var result = Compute(
            1,
            Doc("a", title: "Зерновой коридор", body: "Экспорт зерна через черноморские порты Одессы вырос, пшеница и кукуруза уходят в Африку."),
            Doc("unrelated", body: "Парламент обсуждает оборонный бюджет и пенсии перед летними каникулами.", day: 9),
            Doc("similar", body: "Черноморские порты Одессы отправляют пшеница и кукуруза: экспорт зерна зависит от страховки.", day: 1));

        var pick = Assert.Single(result.BySlug["a"]);
        Assert.Equal("similar", pick.Slug);
        Assert.Equal("similar text", pick.RelatedBy);
    }

    [Fact]
    public void Compute_SameSectionWithSimilarText_RanksAboveNewerSameSectionOnly()
    {
        var result = Compute(
            2,
            Doc("a", section: "Africa", body: GrainArticle),
            Doc("section-only", section: "Africa", body: ElectionText, day: 9),
            Doc("section-and-text", section: "Africa", body: GrainPortsText, day: 1));

        var picks = result.BySlug["a"];
        Assert.Equal(["section-and-text", "section-only"], picks.Select(p => p.Slug));
        Assert.True(picks[0].Score > RelatedReadsEngine.SectionScore);
        Assert.Equal("Africa", picks[0].RelatedBy);
    }

    [Fact]
    public void Compute_LargeSnapshot_FindsTextTwinAcrossTokeniserChunks()
    {
        var random = new Random(3);
        var vocabulary = Enumerable.Range(0, 4000).Select(i => "w" + i.ToString("x5", System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var filler = Enumerable.Range(0, 1200)
            .Select(i => Doc($"filler-{i:D4}", body: string.Join(' ', random.GetItems(vocabulary, 60)), day: 10 + (i % 50)));
        const string Staples = "Sorghum, millet, teff and cassava replace imported wheat as drought hits the Sahel granaries.";
        RelatedDocument[] twins =
        [
            Doc("aaa-twin", body: Staples + " Farmers store sorghum and millet."),
            Doc("zzz-twin", body: "Cassava and teff prices rose; sorghum and millet granaries in the Sahel emptied.", day: 1),
        ];

        var result = RelatedReadsEngine.Compute([.. filler, .. twins], 3);

        var first = result.BySlug["aaa-twin"][0];
        Assert.Equal("zzz-twin", first.Slug);
        Assert.Equal("similar text", first.RelatedBy);
        Assert.Equal("aaa-twin", result.BySlug["zzz-twin"][0].Slug);
        Assert.All(result.BySlug.Values, picks => Assert.Equal(3, picks.Count));
    }

    [Fact]
    public void Compute_TagOnMostOfTheArchive_StillScoresEveryCandidateFound()
    {
        var crowd = Enumerable.Range(0, 700)
            .Select(i => Doc($"crowd-{i:D3}", tags: ["Everything"], section: "Desk", day: 100 + i));
        RelatedDocument[] special =
        [
            Doc("a", tags: ["Everything", "Rare"], section: "Desk", day: 50),
            Doc("oldest", tags: ["Rare", "everything"], section: "Desk", day: 0),
        ];

        var result = RelatedReadsEngine.Compute([.. crowd, .. special], 3);

        var picks = result.BySlug["a"];
        Assert.Equal(new RelatedPick("oldest", "Everything, Rare · Desk", 230), picks[0]);
        Assert.Equal(new RelatedPick("crowd-699", "Everything · Desk", 130), picks[1]);
        Assert.Equal(new RelatedPick("crowd-698", "Everything · Desk", 130), picks[2]);
    }

    [Fact]
    public void Compute_DuplicateSlug_KeepsNewestAndWarns()
    {
        var result = Compute(
            2,
            Doc("a", tags: ["Grain"]),
            Doc("dup", tags: ["Grain"], day: 1),
            Doc("DUP", day: 3));

        Assert.Equal(2, result.BySlug.Count);
        Assert.Single(result.Warnings);
        Assert.Equal("DUP", result.BySlug["a"][0].Slug);
    }

    private static RelatedReadsResult Compute(int count, params RelatedDocument[] documents) =>
        RelatedReadsEngine.Compute(documents, count);

    private static string[] Slugs(RelatedReadsResult result, string slug) =>
        result.BySlug[slug].Select(p => p.Slug).ToArray();

    private static RelatedDocument Doc(
        string slug,
        string? title = null,
        string? body = null,
        string[]? tags = null,
        string[]? authors = null,
        string? section = null,
        int day = 0,
        bool isCandidate = true,
        string[]? pinned = null,
        string[]? excluded = null) =>
        new(
            slug,
            title ?? slug,
            null,
            body ?? string.Empty,
            tags ?? [],
            authors ?? [],
            section,
            s_epoch.AddDays(day),
            isCandidate,
            pinned ?? [],
            excluded ?? []);

    private static RelatedDocument[] RandomCorpus(int size, int seed)
    {
        var random = new Random(seed);
        string[] words =
        [
            "grain", "ports", "wheat", "elections", "defence", "budget", "chips", "export", "controls", "nile",
            "water", "dams", "energy", "pipelines", "shipping", "insurance", "drones", "artillery", "shells",
            "factories", "coalition", "parliament", "pensions", "semiconductors", "lithography", "tariffs",
        ];
        string[] tags = ["Grain", "Energy", "Chips", "Water", "Defence", "Elections", "Shipping"];
        string[] sections = ["Europe", "Africa", "Asia", "Middle East"];

        return Enumerable.Range(0, size)
            .Select(i => Doc(
                $"piece-{i:D3}",
                title: string.Join(' ', random.GetItems(words, 3)),
                body: string.Join(' ', random.GetItems(words, 40)),
                tags: random.GetItems(tags, random.Next(0, 3)),
                authors: [$"Author {random.Next(5)}"],
                section: sections[random.Next(sections.Length)],
                day: random.Next(30),
                isCandidate: random.Next(10) > 0,
                pinned: random.Next(8) == 0 ? [$"piece-{random.Next(size):D3}"] : null,
                excluded: random.Next(8) == 0 ? [$"piece-{random.Next(size):D3}"] : null))
            .ToArray();
    }

    private static string Render(RelatedReadsResult result) =>
        string.Join(
            '\n',
            result.BySlug
                .OrderBy(entry => entry.Key, StringComparer.Ordinal)
                .Select(entry => entry.Key + ": " + string.Join(" | ", entry.Value.Select(p => $"{p.Slug} [{p.RelatedBy}] {p.Score:R}"))))
        + "\n" + string.Join('\n', result.Warnings);
}
