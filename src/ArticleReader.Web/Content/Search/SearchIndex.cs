using System.Buffers;
using System.Runtime.InteropServices;

namespace ArticleReader.Web.Content.Search;

/// <summary>
/// An immutable in-memory full-text index over <see cref="SearchDocument"/>s, safe for any number of concurrent
/// readers. Build a new one (incrementally, from the previous) whenever content changes, and swap the reference.
/// </summary>
/// <remarks>
/// <para>
/// Ranking is the sum of per-field BM25 scores (k1 = 1.2, per-field b) multiplied by field weights: title 3,
/// tags 2.5, authors 2, dek 1.5, body 1. Summing per-field scores, rather than BM25F's pooled frequency, lets
/// each field saturate on its own, so a body that repeats a word many times (at most 2.2 × idf) cannot outscore
/// a single title occurrence (about 3 × idf in a title of average length). Because the index is immutable, idf
/// and length normalisation are fixed per build, so each posting stores its finished score contribution and a
/// query only adds floats.
/// </para>
/// <para>
/// Query words are folded like the text and stop words dropped (a query of stop words only finds nothing, as
/// they are not indexed); then all words must match (AND). If no document
/// matches all of them, the index falls back to documents matching any, ranked by how many words they match first.
/// The last word also matches as a prefix (at least two characters, up to 50 completions, most frequent first),
/// so results update while the reader types; completions score 0.8 of an exact match. Ties go to the newer
/// document, then to the smaller slug (ordinal).
/// </para>
/// </remarks>
public sealed class SearchIndex
{
    /// <summary>Longer queries are cut to this many characters.</summary>
    public const int MaxQueryLength = 200;

    /// <summary>Distinct words beyond this many are ignored.</summary>
    public const int MaxQueryTerms = 20;

    /// <summary>How many indexed terms a prefix may expand to.</summary>
    public const int MaxPrefixExpansions = 50;

    /// <summary>
    /// Shorter last words match exactly only: one letter would expand to a large part of the vocabulary.
    /// </summary>
    public const int MinPrefixLength = 2;

    private const float K1 = 1.2f;

    // Below 1 so that typing a complete word ranks documents containing that very word above ones that only
    // contain longer words starting with it ("rust" vs "rustup").
    private const float PrefixExpansionFactor = 0.8f;

    private readonly SearchDocument[] _documents;
    private readonly DocumentAnalysis[] _analyses;

    // Sorted ordinally; a term's id is its position, so a prefix is a contiguous id range.
    private readonly string[] _terms;
    private readonly Dictionary<string, int> _termIds;

    // Postings of term t are [_postingStarts[t], _postingStarts[t + 1]) in the two parallel arrays, by document id.
    private readonly int[] _postingStarts;
    private readonly int[] _postingDocuments;
    private readonly float[] _postingScores;

    // Position of each document in (newest first, slug) order: ties compare one int instead of a date and a string.
    private readonly int[] _tieRanks;

    private SearchIndex(
        SearchDocument[] documents,
        DocumentAnalysis[] analyses,
        string[] terms,
        Dictionary<string, int> termIds,
        int[] postingStarts,
        int[] postingDocuments,
        float[] postingScores,
        int[] tieRanks,
        int analyzedDocumentCount)
    {
        _documents = documents;
        _analyses = analyses;
        _terms = terms;
        _termIds = termIds;
        _postingStarts = postingStarts;
        _postingDocuments = postingDocuments;
        _postingScores = postingScores;
        _tieRanks = tieRanks;
        AnalyzedDocumentCount = analyzedDocumentCount;
    }

    /// <summary>An index with no documents; every search returns nothing.</summary>
    public static SearchIndex Empty { get; } = Build([]);

    /// <summary>Number of indexed documents.</summary>
    public int Count => _documents.Length;

    /// <summary>How many documents this build had to tokenise (the rest were reused from the previous index).</summary>
    internal int AnalyzedDocumentCount { get; }

    /// <summary>Number of distinct indexed terms.</summary>
    internal int TermCount => _terms.Length;

    /// <summary>
    /// Builds an index. Documents that are the same instance as in <paramref name="previous"/> keep their
    /// tokenisation, so a rebuild after one file changed tokenises one document and re-merges the postings.
    /// </summary>
    /// <param name="documents">All documents; order does not affect ranking.</param>
    /// <param name="previous">The index being replaced, if any.</param>
    /// <returns>The new index.</returns>
    public static SearchIndex Build(IReadOnlyList<SearchDocument> documents, SearchIndex? previous = null)
    {
        ArgumentNullException.ThrowIfNull(documents);

        var count = documents.Count;
        var snapshot = new SearchDocument[count];
        var analyses = new DocumentAnalysis[count];
        var reusable = previous is { _documents.Length: > 0 } ? previous.AnalysesByInstance() : null;
        var analyzer = new DocumentAnalyzer(previous?._termIds);
        var analyzed = 0;
        for (var i = 0; i < count; i++)
        {
            var document = documents[i]
                ?? throw new ArgumentException($"The document at index {i} is null.", nameof(documents));
            snapshot[i] = document;
            if (reusable is not null && reusable.TryGetValue(document, out var analysis))
            {
                analyses[i] = analysis;
            }
            else
            {
                analyses[i] = analyzer.Analyze(document);
                analyzed++;
            }
        }

        return Merge(snapshot, analyses, analyzed);
    }

    /// <summary>Searches the index.</summary>
    /// <param name="query">What the reader typed; null or blank gives no results.</param>
    /// <param name="skip">Hits to skip (paging).</param>
    /// <param name="take">Hits to return at most.</param>
    /// <returns>The page of hits, the total number of matches and the terms to highlight.</returns>
    public SearchResults Search(string? query, int skip, int take)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        ArgumentOutOfRangeException.ThrowIfNegative(take);

        if (string.IsNullOrWhiteSpace(query) || _documents.Length == 0)
        {
            return SearchResults.None;
        }

        var (tokens, lastIsPrefix) = ParseQuery(query);
        if (tokens.Count == 0)
        {
            return SearchResults.None;
        }

        var groups = new TermGroup[tokens.Count];
        for (var i = 0; i < groups.Length; i++)
        {
            var asPrefix = lastIsPrefix && i == groups.Length - 1;
            groups[i] = ResolveGroup(tokens[i], asPrefix);
        }

        return Execute(groups, skip, take);
    }

    private static SearchIndex Merge(SearchDocument[] documents, DocumentAnalysis[] analyses, int analyzed)
    {
        var documentCount = documents.Length;
        long postingTotal = 0;
        Span<double> lengthSums = stackalloc double[SearchFields.Count];
        foreach (var analysis in analyses)
        {
            postingTotal += analysis.Terms.Length;
            for (var f = 0; f < SearchFields.Count; f++)
            {
                lengthSums[f] += analysis.FieldLengths[f];
            }
        }

        if (postingTotal > Array.MaxLength)
        {
            throw new InvalidOperationException("The corpus has too many postings for one index.");
        }

        // Pass 1: provisional term ids in first-seen order, document frequencies, and each posting's term id.
        var termIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var frequencies = new List<int>();
        var postingTerms = new int[postingTotal];
        var cursor = 0;
        foreach (var analysis in analyses)
        {
            foreach (var term in analysis.Terms)
            {
                ref var id = ref CollectionsMarshal.GetValueRefOrAddDefault(termIds, term, out var exists);
                if (!exists)
                {
                    id = frequencies.Count;
                    frequencies.Add(0);
                }

                frequencies[id]++;
                postingTerms[cursor++] = id;
            }
        }

        // Renumber terms by sorted order so prefix lookups are a binary search over ids.
        var termCount = termIds.Count;
        var terms = new string[termCount];
        foreach (var (term, id) in termIds)
        {
            terms[id] = term;
        }

        var provisionalIds = new int[termCount];
        for (var i = 0; i < termCount; i++)
        {
            provisionalIds[i] = i;
        }

        Array.Sort(terms, provisionalIds, StringComparer.Ordinal);
        var finalIds = new int[termCount];
        var postingStarts = new int[termCount + 1];
        var idf = new float[termCount];
        for (var id = 0; id < termCount; id++)
        {
            finalIds[provisionalIds[id]] = id;
            CollectionsMarshal.GetValueRefOrNullRef(termIds, terms[id]) = id;
            var df = frequencies[provisionalIds[id]];
            postingStarts[id + 1] = postingStarts[id] + df;
            idf[id] = (float)Math.Log(1 + ((documentCount - df + 0.5) / (df + 0.5)));
        }

        Span<float> averageLengths = stackalloc float[SearchFields.Count];
        for (var f = 0; f < SearchFields.Count; f++)
        {
            averageLengths[f] = documentCount == 0 ? 0 : (float)(lengthSums[f] / documentCount);
        }

        // Pass 2: documents in id order, so every term's postings come out sorted by document id.
        var postingDocuments = new int[postingTotal];
        var postingScores = new float[postingTotal];
        var next = postingStarts.AsSpan(0, termCount).ToArray();
        Span<float> saturation = stackalloc float[SearchFields.Count];
        var weights = SearchFields.Weights;
        var b = SearchFields.LengthNormalisation;
        cursor = 0;
        for (var document = 0; document < documentCount; document++)
        {
            var analysis = analyses[document];
            for (var f = 0; f < SearchFields.Count; f++)
            {
                var relativeLength = averageLengths[f] > 0 ? analysis.FieldLengths[f] / averageLengths[f] : 1f;
                saturation[f] = K1 * (1 - b[f] + (b[f] * relativeLength));
            }

            var frequenciesOfDocument = analysis.Frequencies;
            for (var j = 0; j < analysis.Terms.Length; j++)
            {
                var id = finalIds[postingTerms[cursor++]];
                var slot = next[id]++;
                var score = 0f;
                for (var f = 0; f < SearchFields.Count; f++)
                {
                    var tf = frequenciesOfDocument[(j * SearchFields.Count) + f];
                    if (tf > 0)
                    {
                        score += weights[f] * tf * (K1 + 1) / (tf + saturation[f]);
                    }
                }

                postingDocuments[slot] = document;
                postingScores[slot] = idf[id] * score;
            }
        }

        return new SearchIndex(
            documents,
            analyses,
            terms,
            termIds,
            postingStarts,
            postingDocuments,
            postingScores,
            RankForTies(documents),
            analyzed);
    }

    private static int[] RankForTies(SearchDocument[] documents)
    {
        var order = new int[documents.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (x, y) =>
        {
            var byDate = documents[y].Date.CompareTo(documents[x].Date);
            if (byDate != 0)
            {
                return byDate;
            }

            var bySlug = string.CompareOrdinal(documents[x].Slug, documents[y].Slug);
            return bySlug != 0 ? bySlug : x.CompareTo(y);
        });

        var ranks = new int[documents.Length];
        for (var rank = 0; rank < order.Length; rank++)
        {
            ranks[order[rank]] = rank;
        }

        return ranks;
    }

    private static (List<string> Tokens, bool LastIsPrefix) ParseQuery(string query)
    {
        var text = query.AsSpan(0, Math.Min(query.Length, MaxQueryLength));
        var tokens = new List<string>();
        var lastIsPrefix = false;
        Span<char> buffer = stackalloc char[SearchText.MaxTermLength];
        var scanner = new WordScanner(text);
        while (scanner.MoveNext())
        {
            // Only the final word typed is a prefix; a stop word or an overlong word at the end cancels it.
            lastIsPrefix = false;
            if (scanner.Length > SearchText.MaxTermLength)
            {
                continue;
            }

            var folded = SearchText.Fold(scanner.Current, buffer);
            if (folded.IsEmpty || folded.Length > SearchText.MaxTermLength || StopWords.Contains(folded))
            {
                continue;
            }

            var token = folded.ToString();
            var existing = tokens.IndexOf(token);
            if (existing >= 0)
            {
                // Moved to the end so a repeated word typed last still gets prefix matching.
                tokens.RemoveAt(existing);
            }
            else if (tokens.Count == MaxQueryTerms)
            {
                break;
            }

            tokens.Add(token);
            lastIsPrefix = true;
        }

        return (tokens, lastIsPrefix);
    }

    private TermGroup ResolveGroup(string token, bool asPrefix)
    {
        var hasExact = _termIds.TryGetValue(token, out var exactId);
        if (!asPrefix || token.Length < MinPrefixLength)
        {
            return hasExact ? new TermGroup([exactId], [1f]) : TermGroup.Nothing;
        }

        var (first, end) = PrefixRange(token);
        var expansions = SelectExpansions(first, end, hasExact ? exactId : -1);
        var ids = new int[expansions.Count + (hasExact ? 1 : 0)];
        var factors = new float[ids.Length];
        var k = 0;
        if (hasExact)
        {
            ids[k] = exactId;
            factors[k++] = 1f;
        }

        foreach (var id in expansions)
        {
            ids[k] = id;
            factors[k++] = PrefixExpansionFactor;
        }

        return new TermGroup(ids, factors);
    }

    /// <summary>The id range [first, end) of terms starting with <paramref name="prefix"/>.</summary>
    private (int First, int End) PrefixRange(string prefix)
    {
        var low = 0;
        var high = _terms.Length;
        while (low < high)
        {
            var middle = (int)((uint)(low + high) >> 1);
            if (string.CompareOrdinal(_terms[middle], prefix) < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        var first = low;
        high = _terms.Length;
        while (low < high)
        {
            var middle = (int)((uint)(low + high) >> 1);
            if (_terms[middle].StartsWith(prefix, StringComparison.Ordinal))
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return (first, low);
    }

    /// <summary>
    /// Picks up to <see cref="MaxPrefixExpansions"/> completions from a prefix range, most frequent first, ties by id.
    /// </summary>
    private List<int> SelectExpansions(int first, int end, int excludedId)
    {
        var selected = new List<int>(Math.Min(end - first, MaxPrefixExpansions));
        if (end - first <= MaxPrefixExpansions + 1)
        {
            for (var id = first; id < end; id++)
            {
                if (id != excludedId)
                {
                    selected.Add(id);
                }
            }
        }
        else
        {
            // A short prefix can span thousands of terms: keep the best 50 in a heap instead of sorting them all.
            var best = new PriorityQueue<int, long>(MaxPrefixExpansions);
            for (var id = first; id < end; id++)
            {
                if (id == excludedId)
                {
                    continue;
                }

                var priority = ExpansionPriority(id);
                if (best.Count < MaxPrefixExpansions)
                {
                    best.Enqueue(id, priority);
                }
                else if (best.TryPeek(out _, out var worst) && priority > worst)
                {
                    best.EnqueueDequeue(id, priority);
                }
            }

            while (best.TryDequeue(out var id, out _))
            {
                selected.Add(id);
            }
        }

        selected.Sort((x, y) => ExpansionPriority(y).CompareTo(ExpansionPriority(x)));
        return selected;
    }

    // Higher is better: document frequency first, then the smaller (alphabetically first) id.
    private long ExpansionPriority(int id) =>
        ((long)(_postingStarts[id + 1] - _postingStarts[id]) << 32) | (uint)(int.MaxValue - id);

    private SearchResults Execute(TermGroup[] groups, int skip, int take)
    {
        var documentCount = _documents.Length;
        var scores = ArrayPool<float>.Shared.Rent(documentCount);
        var masks = ArrayPool<uint>.Shared.Rent(documentCount);
        var touched = ArrayPool<int>.Shared.Rent(documentCount);
        float[]? groupBest = null;
        int[]? groupTouched = null;
        try
        {
            Array.Clear(scores, 0, documentCount);
            Array.Clear(masks, 0, documentCount);
            var touchedCount = 0;
            for (var g = 0; g < groups.Length; g++)
            {
                var group = groups[g];
                var bit = 1u << g;
                if (group.TermIds.Length == 1 && group.Factors[0] == 1f)
                {
                    var id = group.TermIds[0];
                    for (var p = _postingStarts[id]; p < _postingStarts[id + 1]; p++)
                    {
                        var document = _postingDocuments[p];
                        if (masks[document] == 0)
                        {
                            touched[touchedCount++] = document;
                        }

                        masks[document] |= bit;
                        scores[document] += _postingScores[p];
                    }

                    continue;
                }

                if (group.TermIds.Length == 0)
                {
                    continue;
                }

                // A document containing several completions of a prefix counts once, with its best completion,
                // so "sanct" does not favour a text that happens to use both "sanction" and "sanctions".
                if (groupBest is null)
                {
                    groupBest = ArrayPool<float>.Shared.Rent(documentCount);
                    groupTouched = ArrayPool<int>.Shared.Rent(documentCount);
                    Array.Clear(groupBest, 0, documentCount);
                }

                var groupCount = 0;
                for (var t = 0; t < group.TermIds.Length; t++)
                {
                    var id = group.TermIds[t];
                    var factor = group.Factors[t];
                    for (var p = _postingStarts[id]; p < _postingStarts[id + 1]; p++)
                    {
                        var document = _postingDocuments[p];
                        var score = _postingScores[p] * factor;
                        ref var best = ref groupBest[document];
                        if (best == 0)
                        {
                            groupTouched![groupCount++] = document;
                        }

                        if (score > best)
                        {
                            best = score;
                        }
                    }
                }

                for (var k = 0; k < groupCount; k++)
                {
                    var document = groupTouched![k];
                    if (masks[document] == 0)
                    {
                        touched[touchedCount++] = document;
                    }

                    masks[document] |= bit;
                    scores[document] += groupBest[document];
                    groupBest[document] = 0;
                }
            }

            var allGroups = groups.Length == 32 ? uint.MaxValue : (1u << groups.Length) - 1;
            var total = 0;
            for (var k = 0; k < touchedCount; k++)
            {
                if (masks[touched[k]] == allGroups)
                {
                    total++;
                }
            }

            var requireAll = total > 0;
            if (!requireAll)
            {
                total = touchedCount;
            }

            if (total == 0)
            {
                return SearchResults.None;
            }

            var requiredMask = requireAll ? allGroups : 0;
            var hits = SelectHits(touched.AsSpan(0, touchedCount), scores, masks, requiredMask, skip, take);
            var terms = MatchedTerms(groups, masks, requiredMask);
            return new SearchResults(hits, total, terms);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scores);
            ArrayPool<uint>.Shared.Return(masks);
            ArrayPool<int>.Shared.Return(touched);
            if (groupBest is not null)
            {
                ArrayPool<float>.Shared.Return(groupBest);
                ArrayPool<int>.Shared.Return(groupTouched!);
            }
        }
    }

    /// <param name="requiredMask">All group bits when every word must match; 0 in the any-word fallback.</param>
    private SearchHit[] SelectHits(
        ReadOnlySpan<int> candidates,
        float[] scores,
        uint[] masks,
        uint requiredMask,
        int skip,
        int take)
    {
        var wanted = (int)Math.Min((long)skip + take, candidates.Length);
        if (wanted <= skip)
        {
            return [];
        }

        // Bounded heap whose root is the worst kept candidate: O(n log(skip + take)) instead of sorting all matches.
        var heap = ArrayPool<Candidate>.Shared.Rent(wanted);
        try
        {
            var size = 0;
            foreach (var document in candidates)
            {
                var mask = masks[document];
                if (requiredMask != 0 && mask != requiredMask)
                {
                    continue;
                }

                var candidate = new Candidate(
                    document,
                    scores[document],
                    System.Numerics.BitOperations.PopCount(mask),
                    _tieRanks[document]);
                if (size < wanted)
                {
                    heap[size] = candidate;
                    SiftUp(heap, size++);
                }
                else if (Candidate.Compare(candidate, heap[0]) < 0)
                {
                    heap[0] = candidate;
                    SiftDown(heap, size);
                }
            }

            var ranked = heap.AsSpan(0, size);
            ranked.Sort(Candidate.Compare);
            if (skip >= size)
            {
                return [];
            }

            var hits = new SearchHit[size - skip];
            for (var i = 0; i < hits.Length; i++)
            {
                var candidate = ranked[skip + i];
                hits[i] = new SearchHit(_documents[candidate.Document], candidate.Score);
            }

            return hits;
        }
        finally
        {
            ArrayPool<Candidate>.Shared.Return(heap);
        }
    }

    private static void SiftUp(Candidate[] heap, int index)
    {
        while (index > 0)
        {
            var parent = (index - 1) / 2;
            if (Candidate.Compare(heap[parent], heap[index]) >= 0)
            {
                return;
            }

            (heap[parent], heap[index]) = (heap[index], heap[parent]);
            index = parent;
        }
    }

    private static void SiftDown(Candidate[] heap, int size)
    {
        var index = 0;
        while (true)
        {
            var worst = index;
            var left = (2 * index) + 1;
            var right = left + 1;
            if (left < size && Candidate.Compare(heap[left], heap[worst]) > 0)
            {
                worst = left;
            }

            if (right < size && Candidate.Compare(heap[right], heap[worst]) > 0)
            {
                worst = right;
            }

            if (worst == index)
            {
                return;
            }

            (heap[worst], heap[index]) = (heap[index], heap[worst]);
            index = worst;
        }
    }

    private List<string> MatchedTerms(TermGroup[] groups, uint[] masks, uint requiredMask)
    {
        var matched = new List<string>();
        foreach (var group in groups)
        {
            foreach (var id in group.TermIds)
            {
                var soleTerm = group.TermIds.Length == 1;
                if (IsMatchedInResults(id, soleTerm, masks, requiredMask) && !matched.Contains(_terms[id]))
                {
                    matched.Add(_terms[id]);
                }
            }
        }

        return matched;
    }

    private bool IsMatchedInResults(int id, bool soleTermOfGroup, uint[] masks, uint requiredMask)
    {
        // In the any-word fallback every posting is a result; with all words required, a group's only term is in
        // every result. Only a completion of a prefix has to be checked against the results.
        if (requiredMask == 0 || soleTermOfGroup)
        {
            return true;
        }

        for (var p = _postingStarts[id]; p < _postingStarts[id + 1]; p++)
        {
            if (masks[_postingDocuments[p]] == requiredMask)
            {
                return true;
            }
        }

        return false;
    }

    private Dictionary<SearchDocument, DocumentAnalysis> AnalysesByInstance()
    {
        // Records compare by value; reuse is only safe for the very same instance, which cannot have changed.
        var byInstance = new Dictionary<SearchDocument, DocumentAnalysis>(
            _documents.Length,
            ReferenceEqualityComparer.Instance);
        for (var i = 0; i < _documents.Length; i++)
        {
            byInstance.TryAdd(_documents[i], _analyses[i]);
        }

        return byInstance;
    }

    /// <summary>The indexed terms one query word stands for, with their score factors.</summary>
    private readonly record struct TermGroup(int[] TermIds, float[] Factors)
    {
        public static TermGroup Nothing { get; } = new([], []);
    }

    /// <summary>A matching document during ranking.</summary>
    private readonly record struct Candidate(int Document, float Score, int Coverage, int Rank)
    {
        /// <summary>Negative when <paramref name="x"/> ranks before <paramref name="y"/>.</summary>
        public static int Compare(Candidate x, Candidate y)
        {
            if (x.Coverage != y.Coverage)
            {
                return y.Coverage.CompareTo(x.Coverage);
            }

            if (x.Score != y.Score)
            {
                return y.Score.CompareTo(x.Score);
            }

            return x.Rank.CompareTo(y.Rank);
        }
    }
}
