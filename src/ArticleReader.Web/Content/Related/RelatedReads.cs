using System.Collections.Concurrent;

namespace ArticleReader.Web.Content.Related;

/// <summary>
/// The related reads of one content snapshot. The model (inverted indexes over front matter and
/// text) is built with the snapshot; each document's picks are computed from it the first time
/// they are asked for and then kept, so the snapshot is published without running 10,000 queries
/// first, and a reload after one edit does not run them all again. The picks are the same whether
/// computed one by one or all at once (<see cref="RelatedReadsEngine.Compute"/>).
/// </summary>
public sealed class RelatedReads
{
    /// <summary>No documents: every slug has no related reads.</summary>
    public static readonly RelatedReads Empty = RelatedReadsEngine.Prepare([], 0);

    private readonly RelatedModel _model;
    private readonly int _count;
    private readonly Dictionary<string, int> _indexBySlug;
    private readonly RelatedPick[]?[] _picks;

    // Each query holds document-sized scratch arrays; a few are kept for reuse.
    private readonly ConcurrentBag<RelatedQuery> _idle = [];

    internal RelatedReads(RelatedModel model, int count, IReadOnlyList<string> warnings)
    {
        _model = model;
        _count = count;
        Warnings = warnings;
        var documents = model.Documents;
        _picks = new RelatedPick[]?[documents.Length];
        _indexBySlug = new Dictionary<string, int>(documents.Length, StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < documents.Length; i++)
        {
            _indexBySlug.Add(documents[i].Slug, i);
        }
    }

    /// <summary>Editorial problems found while building the model, e.g. pins to slugs that are not published.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>The documents the model holds.</summary>
    public int DocumentCount => _picks.Length;

    /// <summary>Picks for <paramref name="slug"/> (case-insensitive), best first; empty for a slug the model does not hold.</summary>
    public IReadOnlyList<RelatedPick> For(string slug)
    {
        ArgumentNullException.ThrowIfNull(slug);
        return _indexBySlug.TryGetValue(slug, out var index) ? For(index) : [];
    }

    internal RelatedModel Model => _model;

    internal IReadOnlyList<RelatedPick> For(int index)
    {
        if (Volatile.Read(ref _picks[index]) is { } done)
        {
            return done;
        }

        if (!_idle.TryTake(out var query))
        {
            query = new RelatedQuery(_model);
        }

        // A query that threw is dropped with whatever state it was left in.
        var picks = Keep(index, Run(query, index));
        if (_idle.Count < Environment.ProcessorCount)
        {
            _idle.Add(query);
        }

        return picks;
    }

    /// <summary>The picks of document <paramref name="index"/> computed with <paramref name="query"/> (a worker's own).</summary>
    internal RelatedPick[] Run(RelatedQuery query, int index) =>
        _count == 0 || _picks.Length <= 1 ? [] : query.Run(index, _count);

    /// <summary>Keeps <paramref name="picks"/> for <paramref name="index"/> unless another thread kept its own first (they are equal).</summary>
    internal RelatedPick[] Keep(int index, RelatedPick[] picks) =>
        Interlocked.CompareExchange(ref _picks[index], picks, null) ?? picks;
}
