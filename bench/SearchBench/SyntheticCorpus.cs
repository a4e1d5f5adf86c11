using ArticleReader.Web.Content.Search;

namespace SearchBench;

/// <summary>
/// Turns the blog posts into N search documents: posts reused cyclically with unique slugs, seeded random tags and
/// authors, and a few random words appended so that copies differ.
/// </summary>
internal sealed class SyntheticCorpus
{
    private static readonly string[] FirstNames =
    [
        "Anna", "Olena", "Marek", "Sofia", "James", "Priya", "Tomás", "Yuki", "Chen", "Amara", "Lars", "Zoë",
    ];

    private static readonly string[] LastNames =
    [
        "Kowalski", "Коваль", "Müller", "García", "Okafor", "Nakamura", "Larsen", "Dubois", "Singh", "Petrova",
    ];

    private SyntheticCorpus(List<SearchDocument> documents, string[] vocabulary)
    {
        Documents = documents;
        Vocabulary = vocabulary;
    }

    public List<SearchDocument> Documents { get; }

    /// <summary>Frequent content words of the corpus, most frequent first: the pool queries are drawn from.</summary>
    public string[] Vocabulary { get; }

    public static SyntheticCorpus Create(List<Post> posts, int count, int seed)
    {
        var random = new Random(seed);
        var vocabulary = FrequentWords(posts, 5000);

        // Tags come from mid-frequency words (topical rather than ubiquitous); about a third are two words.
        var tagPool = vocabulary[200..2000];
        var tags = new string[200];
        for (var i = 0; i < tags.Length; i++)
        {
            var word = Capitalise(tagPool[random.Next(tagPool.Length)]);
            tags[i] = random.Next(3) == 0 ? $"{word} {tagPool[random.Next(tagPool.Length)]}" : word;
        }

        var authors = new string[60];
        for (var i = 0; i < authors.Length; i++)
        {
            authors[i] = $"{FirstNames[i % FirstNames.Length]} {LastNames[(i * 7 / FirstNames.Length) % LastNames.Length]}";
        }

        var documents = new List<SearchDocument>(count);
        for (var i = 0; i < count; i++)
        {
            var post = posts[i % posts.Count];
            var docTags = Pick(random, tags, 1 + random.Next(4));
            var docAuthors = Pick(random, authors, 1 + random.Next(2));
            var extra = string.Join(' ', Enumerable.Range(0, 5).Select(_ => vocabulary[random.Next(vocabulary.Length)]));
            documents.Add(new SearchDocument(
                $"{post.Slug}-{i}",
                post.Title,
                post.Description,
                docTags,
                docAuthors,
                post.Body + "\n\n" + extra,
                post.Date.AddMinutes(i)));
        }

        return new SyntheticCorpus(documents, vocabulary);
    }

    private static string[] FrequentWords(List<Post> posts, int limit)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var post in posts)
        {
            foreach (var token in SearchText.Tokenize(post.Title + " " + post.Body))
            {
                // Letters only and not tiny: what a reader would type, not version numbers or markdown debris.
                if (token.Length >= 3 && token.All(char.IsLetter))
                {
                    counts[token] = counts.GetValueOrDefault(token) + 1;
                }
            }
        }

        return [.. counts
            .Where(pair => pair.Value >= 3)
            .OrderByDescending(pair => pair.Value)
            .ThenBy(pair => pair.Key, StringComparer.Ordinal)
            .Select(pair => pair.Key)
            .Take(limit)];
    }

    private static string[] Pick(Random random, string[] pool, int count)
    {
        var picked = new HashSet<string>(StringComparer.Ordinal);
        while (picked.Count < count)
        {
            picked.Add(pool[random.Next(pool.Length)]);
        }

        return [.. picked];
    }

    private static string Capitalise(string word) => char.ToUpperInvariant(word[0]) + word[1..];
}
