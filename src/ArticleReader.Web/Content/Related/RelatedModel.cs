namespace ArticleReader.Web.Content.Related;

/// <summary>
/// Everything the per-document queries read, built once per snapshot and immutable afterwards, so queries
/// can run in parallel against it.
/// </summary>
internal sealed class RelatedModel
{
    private RelatedModel(
        RelatedDocument[] documents,
        bool[] isCandidate,
        int[] recencyRank,
        int[] latestCandidates,
        int[][] pins,
        int[][] exclusions,
        FrontMatterIndex frontMatter,
        TextSimilarityIndex text)
    {
        Documents = documents;
        IsCandidate = isCandidate;
        RecencyRank = recencyRank;
        LatestCandidates = latestCandidates;
        Pins = pins;
        Exclusions = exclusions;
        FrontMatter = frontMatter;
        Text = text;
    }

    /// <summary>Documents in canonical order; all other arrays are indexed by position in it.</summary>
    public RelatedDocument[] Documents { get; }

    /// <summary>Whether a document may be picked by scoring or fallback.</summary>
    public bool[] IsCandidate { get; }

    /// <summary>Position of each document when ordered newest first, then by ordinal slug; lower is better.</summary>
    public int[] RecencyRank { get; }

    /// <summary>Candidate documents, newest first: the last-resort fallback.</summary>
    public int[] LatestCandidates { get; }

    /// <summary>Resolved pins per document, in front matter order, without self or duplicates.</summary>
    public int[][] Pins { get; }

    /// <summary>Resolved <c>not_related</c> documents per document.</summary>
    public int[][] Exclusions { get; }

    /// <summary>Tags, authors and sections.</summary>
    public FrontMatterIndex FrontMatter { get; }

    /// <summary>TF-IDF vectors and postings.</summary>
    public TextSimilarityIndex Text { get; }

    /// <summary>Builds the model from canonically ordered documents with unique slugs.</summary>
    public static RelatedModel Build(RelatedDocument[] documents, List<string> warnings)
    {
        ArgumentNullException.ThrowIfNull(documents);
        ArgumentNullException.ThrowIfNull(warnings);

        var n = documents.Length;
        var isCandidate = new bool[n];
        var slugs = new Dictionary<string, int>(n, StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < n; i++)
        {
            isCandidate[i] = documents[i].IsCandidate;
            slugs.Add(documents[i].Slug, i);
        }

        var recencyOrder = new int[n];
        for (var i = 0; i < n; i++)
        {
            recencyOrder[i] = i;
        }

        Array.Sort(recencyOrder, (x, y) =>
        {
            var order = documents[y].Date.CompareTo(documents[x].Date);
            return order != 0 ? order : string.CompareOrdinal(documents[x].Slug, documents[y].Slug);
        });

        var recencyRank = new int[n];
        var latest = new List<int>(n);
        for (var rank = 0; rank < n; rank++)
        {
            recencyRank[recencyOrder[rank]] = rank;
            if (isCandidate[recencyOrder[rank]])
            {
                latest.Add(recencyOrder[rank]);
            }
        }

        var pins = new int[n][];
        var exclusions = new int[n][];
        for (var i = 0; i < n; i++)
        {
            pins[i] = ResolvePins(documents[i], i, slugs, warnings);
            exclusions[i] = ResolveExclusions(documents[i], i, slugs);
        }

        var frontMatter = FrontMatterIndex.Build(documents, isCandidate, recencyOrder);
        var text = TextSimilarityIndex.Build(documents, isCandidate);
        return new RelatedModel(documents, isCandidate, recencyRank, latest.ToArray(), pins, exclusions, frontMatter, text);
    }

    private static int[] ResolvePins(RelatedDocument document, int self, Dictionary<string, int> slugs, List<string> warnings)
    {
        if (document.Pinned is null || document.Pinned.Count == 0)
        {
            return [];
        }

        var resolved = new List<int>(document.Pinned.Count);
        foreach (var raw in document.Pinned)
        {
            var slug = raw?.Trim();
            if (string.IsNullOrEmpty(slug))
            {
                continue;
            }

            if (!slugs.TryGetValue(slug, out var target))
            {
                // Usually a typo or a pin to a draft; either way the editor needs to know, not the reader.
                warnings.Add($"article '{document.Slug}' pins related '{slug}', which does not exist or is not published");
                continue;
            }

            if (target == self)
            {
                warnings.Add($"article '{document.Slug}' pins itself as related; ignored");
                continue;
            }

            if (!resolved.Contains(target))
            {
                resolved.Add(target);
            }
        }

        return resolved.ToArray();
    }

    // Unknown not_related slugs stay silent: excluding a draft or a retired piece is harmless and common.
    private static int[] ResolveExclusions(RelatedDocument document, int self, Dictionary<string, int> slugs)
    {
        if (document.Excluded is null || document.Excluded.Count == 0)
        {
            return [];
        }

        var resolved = new List<int>(document.Excluded.Count);
        foreach (var raw in document.Excluded)
        {
            var slug = raw?.Trim();
            if (!string.IsNullOrEmpty(slug) && slugs.TryGetValue(slug, out var target) && target != self && !resolved.Contains(target))
            {
                resolved.Add(target);
            }
        }

        return resolved.ToArray();
    }
}
