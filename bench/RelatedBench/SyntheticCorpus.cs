using ArticleReader.Web.Content.Related;

namespace RelatedBench;

/// <summary>
/// Builds a snapshot of any size by reusing the posts cyclically, with seeded random front matter and a
/// few random words appended so that copies are not identical.
/// </summary>
public static class SyntheticCorpus
{
    private const int TagCount = 200;
    private const int AuthorCount = 60;
    private const int SectionCount = 12;

    /// <summary>Builds <paramref name="size"/> documents; the same seed gives the same documents.</summary>
    public static RelatedDocument[] Build(IReadOnlyList<CorpusPost> posts, int size, int seed)
    {
        var random = new Random(seed);
        var tags = Enumerable.Range(0, TagCount).Select(i => $"Topic {i:D3}").ToArray();
        var authors = Enumerable.Range(0, AuthorCount).Select(i => $"Writer {i:D2}").ToArray();
        var sections = Enumerable.Range(0, SectionCount).Select(i => $"Desk {i:D2}").ToArray();
        var vocabulary = BuildVocabulary(posts);
        var start = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var documents = new RelatedDocument[size];

        for (var i = 0; i < size; i++)
        {
            var post = posts[i % posts.Count];
            var extra = string.Join(' ', random.GetItems(vocabulary, 6));
            var isBrief = random.Next(20) == 0;

            // Some editorial noise: pins (a few to unknown slugs, which must warn) and exclusions.
            string[] pinned = random.Next(25) == 0
                ? [SlugOf(posts, random.Next(size)), random.Next(4) == 0 ? "no-such-piece" : SlugOf(posts, random.Next(size))]
                : [];
            string[] excluded = random.Next(40) == 0 ? [SlugOf(posts, random.Next(size))] : [];

            documents[i] = new RelatedDocument(
                SlugOf(posts, i),
                post.Title,
                post.Dek,
                post.Body + "\n" + extra,
                random.GetItems(tags, random.Next(0, 4)),
                [authors[random.Next(authors.Length)]],
                sections[random.Next(sections.Length)],
                start.AddMinutes(random.Next(0, 60 * 24 * 365 * 6)),
                !isBrief,
                pinned,
                excluded);
        }

        return documents;
    }

    private static string SlugOf(IReadOnlyList<CorpusPost> posts, int index) => $"{posts[index % posts.Count].Name}-{index}";

    private static string[] BuildVocabulary(IReadOnlyList<CorpusPost> posts)
    {
        var words = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var post in posts)
        {
            foreach (var word in post.Title.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (word.Length >= 4 && word.All(char.IsLetter))
                {
                    words.Add(word.ToLowerInvariant());
                }
            }
        }

        return [.. words];
    }
}
