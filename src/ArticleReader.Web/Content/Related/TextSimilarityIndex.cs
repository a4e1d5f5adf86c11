using System.Runtime.CompilerServices;

namespace ArticleReader.Web.Content.Related;

/// <summary>
/// Sparse TF-IDF vectors (each document's strongest terms only) plus an inverted index over them, so that
/// cosine similarities can be accumulated per query document without ever forming the all-pairs matrix.
/// Memory is linear in the number of documents: at most <see cref="TermsPerDocument"/> entries per
/// document in the vectors and as many in the postings.
/// </summary>
internal sealed class TextSimilarityIndex
{
    /// <summary>
    /// Terms kept per document. A document's identity sits in its rarest strong terms; the long tail adds
    /// cost to every query and barely moves the ranking of the top few related reads.
    /// </summary>
    public const int TermsPerDocument = 25;

    /// <summary>Title words say what a piece is about far more reliably than body words.</summary>
    public const int TitleWeight = 3;

    /// <summary>The dek is a summary written by an editor, so it counts a bit more than the body.</summary>
    public const int DekWeight = 2;

    /// <summary>Body words count once per occurrence.</summary>
    public const int BodyWeight = 1;

    /// <summary>
    /// Terms found in a larger share of documents are ignored: their idf is small, yet their postings would
    /// be the longest and dominate query cost. Not lower, because on a news site topical words such as a
    /// country's name can sit in 10-20% of all pieces and still tell stories apart.
    /// </summary>
    public const double MaxDocumentFrequencyFraction = 0.25;

    /// <summary>
    /// Floor for the document-frequency cap, so that small snapshots (and tests) are not left with no
    /// usable terms at all; idf still mutes terms that are in (nearly) every document.
    /// </summary>
    public const int MinDocumentFrequencyCap = 20;

    // Tokenising is the biggest single cost, so it runs in parallel chunks: enough chunks to balance a few
    // cores, but not so small that each chunk's private vocabulary costs more than the text it covers.
    private const int MaxChunks = 8;
    private const int MinChunkSize = 250;

    private readonly int[] _vectorStart;
    private readonly int[] _vectorTerms;
    private readonly float[] _vectorWeights;
    private readonly int[] _postingStart;
    private readonly int[] _postingDocs;
    private readonly float[] _postingWeights;

    private TextSimilarityIndex(
        int[] vectorStart,
        int[] vectorTerms,
        float[] vectorWeights,
        int[] postingStart,
        int[] postingDocs,
        float[] postingWeights)
    {
        _vectorStart = vectorStart;
        _vectorTerms = vectorTerms;
        _vectorWeights = vectorWeights;
        _postingStart = postingStart;
        _postingDocs = postingDocs;
        _postingWeights = postingWeights;
    }

    /// <summary>
    /// Builds the index. Every document gets a vector (so it can be queried); only documents for which
    /// <paramref name="isCandidate"/> is true appear in the postings (so only they can be found).
    /// </summary>
    public static TextSimilarityIndex Build(IReadOnlyList<RelatedDocument> documents, bool[] isCandidate)
    {
        ArgumentNullException.ThrowIfNull(documents);
        ArgumentNullException.ThrowIfNull(isCandidate);

        var n = documents.Count;
        var (termIds, counts, vocabularySize) = CountTerms(documents);
        var documentFrequency = new int[vocabularySize];
        foreach (var ids in termIds)
        {
            foreach (var id in ids)
            {
                documentFrequency[id]++;
            }
        }

        var maxDocumentFrequency = Math.Max(MinDocumentFrequencyCap, (int)(n * MaxDocumentFrequencyFraction));
        var vectorStart = new int[n + 1];
        var vectorTerms = new int[n * TermsPerDocument];
        var vectorWeights = new float[n * TermsPerDocument];
        var topTerms = new int[TermsPerDocument];
        var topWeights = new double[TermsPerDocument];
        var used = 0;

        for (var i = 0; i < n; i++)
        {
            var kept = SelectTopTerms(termIds[i], counts[i], documentFrequency, n, maxDocumentFrequency, topTerms, topWeights);

            double squares = 0;
            for (var k = 0; k < kept; k++)
            {
                squares += topWeights[k] * topWeights[k];
            }

            var norm = squares > 0 ? Math.Sqrt(squares) : 1;
            vectorStart[i] = used;
            for (var k = 0; k < kept; k++)
            {
                vectorTerms[used] = topTerms[k];
                vectorWeights[used] = (float)(topWeights[k] / norm);
                used++;
            }

            // The full term lists are the biggest transient structure; let them go as we walk.
            termIds[i] = [];
            counts[i] = [];
        }

        vectorStart[n] = used;
        Array.Resize(ref vectorTerms, used);
        Array.Resize(ref vectorWeights, used);

        var postingStart = new int[vocabularySize + 1];
        for (var i = 0; i < n; i++)
        {
            if (!isCandidate[i])
            {
                continue;
            }

            for (var k = vectorStart[i]; k < vectorStart[i + 1]; k++)
            {
                postingStart[vectorTerms[k] + 1]++;
            }
        }

        for (var t = 0; t < vocabularySize; t++)
        {
            postingStart[t + 1] += postingStart[t];
        }

        var postingDocs = new int[postingStart[vocabularySize]];
        var postingWeights = new float[postingDocs.Length];
        var fill = postingStart.AsSpan(0, vocabularySize).ToArray();
        for (var i = 0; i < n; i++)
        {
            if (!isCandidate[i])
            {
                continue;
            }

            for (var k = vectorStart[i]; k < vectorStart[i + 1]; k++)
            {
                var slot = fill[vectorTerms[k]]++;
                postingDocs[slot] = i;
                postingWeights[slot] = vectorWeights[k];
            }
        }

        return new TextSimilarityIndex(vectorStart, vectorTerms, vectorWeights, postingStart, postingDocs, postingWeights);
    }

    /// <summary>Term ids of a document's sparse vector.</summary>
    public ReadOnlySpan<int> TermsOf(int document) =>
        _vectorTerms.AsSpan(_vectorStart[document], _vectorStart[document + 1] - _vectorStart[document]);

    /// <summary>L2-normalised weights matching <see cref="TermsOf"/>.</summary>
    public ReadOnlySpan<float> WeightsOf(int document) =>
        _vectorWeights.AsSpan(_vectorStart[document], _vectorStart[document + 1] - _vectorStart[document]);

    /// <summary>Candidate documents whose vector holds <paramref name="term"/>, in document order.</summary>
    public ReadOnlySpan<int> PostingDocs(int term) =>
        _postingDocs.AsSpan(_postingStart[term], _postingStart[term + 1] - _postingStart[term]);

    /// <summary>Weights matching <see cref="PostingDocs"/>.</summary>
    public ReadOnlySpan<float> PostingWeights(int term) =>
        _postingWeights.AsSpan(_postingStart[term], _postingStart[term + 1] - _postingStart[term]);

    /// <summary>
    /// Tokenises all documents in parallel chunks, each with its own vocabulary, then merges the
    /// vocabularies chunk by chunk. The chunking depends only on the document count, never on the number
    /// of cores, so term ids (which break weight ties) come out the same on every machine.
    /// </summary>
    private static (int[][] TermIds, int[][] Counts, int VocabularySize) CountTerms(IReadOnlyList<RelatedDocument> documents)
    {
        var n = documents.Count;
        var termIds = new int[n][];
        var counts = new int[n][];
        var chunkCount = Math.Clamp(n / MinChunkSize, 1, MaxChunks);
        var counters = new TermCounter[chunkCount];

        Parallel.For(0, chunkCount, RelatedReadsEngine.ParallelOptions, chunk =>
        {
            var counter = new TermCounter();
            var (start, end) = ChunkBounds(chunk, chunkCount, n);
            for (var i = start; i < end; i++)
            {
                var document = documents[i];
                counter.Add(document.Title, TitleWeight);
                counter.Add(document.Dek, DekWeight);
                counter.Add(document.BodyText, BodyWeight);
                (termIds[i], counts[i]) = counter.TakeDocument();
            }

            counters[chunk] = counter;
        });

        var globalIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var localToGlobal = new int[chunkCount][];
        for (var chunk = 0; chunk < chunkCount; chunk++)
        {
            var terms = counters[chunk].Terms;
            var map = new int[terms.Count];
            for (var local = counters[chunk].FirstTermId; local < terms.Count; local++)
            {
                if (!globalIds.TryGetValue(terms[local], out var global))
                {
                    global = globalIds.Count;
                    globalIds.Add(terms[local], global);
                }

                map[local] = global;
            }

            localToGlobal[chunk] = map;
        }

        Parallel.For(0, chunkCount, RelatedReadsEngine.ParallelOptions, chunk =>
        {
            var map = localToGlobal[chunk];
            var (start, end) = ChunkBounds(chunk, chunkCount, n);
            for (var i = start; i < end; i++)
            {
                var ids = termIds[i];
                for (var k = 0; k < ids.Length; k++)
                {
                    ids[k] = map[ids[k]];
                }
            }
        });

        return (termIds, counts, globalIds.Count);
    }

    private static (int Start, int End) ChunkBounds(int chunk, int chunkCount, int n) =>
        ((int)((long)n * chunk / chunkCount), (int)((long)n * (chunk + 1) / chunkCount));

    // Runs once per snapshot, typically at startup: go straight to optimised code instead of spending
    // the only run in tier-0 waiting for tiered compilation to catch up.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int SelectTopTerms(
        int[] ids,
        int[] counts,
        int[] documentFrequency,
        int documentCount,
        int maxDocumentFrequency,
        int[] topTerms,
        double[] topWeights)
    {
        var kept = 0;
        for (var j = 0; j < ids.Length; j++)
        {
            var id = ids[j];
            var df = documentFrequency[id];

            // A term no other document has can never produce a match, yet it has the highest idf and would
            // crowd the shared terms out of the top list.
            if (df < 2 || df > maxDocumentFrequency)
            {
                continue;
            }

            var idf = Math.Log((double)documentCount / df);
            if (idf <= 0)
            {
                continue;
            }

            var weight = (1 + Math.Log(counts[j])) * idf;
            if (kept == topTerms.Length && !Outranks(weight, id, topWeights[kept - 1], topTerms[kept - 1]))
            {
                continue;
            }

            // Insertion into a short sorted buffer beats a heap at this size.
            var position = kept == topTerms.Length ? kept - 1 : kept++;
            while (position > 0 && Outranks(weight, id, topWeights[position - 1], topTerms[position - 1]))
            {
                topWeights[position] = topWeights[position - 1];
                topTerms[position] = topTerms[position - 1];
                position--;
            }

            topWeights[position] = weight;
            topTerms[position] = id;
        }

        return kept;
    }

    // Ties go to the lower term id so that equal weights never leave the choice to chance.
    private static bool Outranks(double weight, int id, double otherWeight, int otherId) =>
        weight > otherWeight || (weight == otherWeight && id < otherId);
}
