using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace ArticleReader.Web.Content;

/// <summary>
/// Holds the current <see cref="ContentSnapshot"/>. Readers take <see cref="Current"/> without
/// locking; <see cref="Reload"/> builds a new snapshot and swaps the reference in one step.
/// A timer rebuilds the snapshot at the moment a scheduled article goes live or one expires.
/// </summary>
public sealed partial class ContentStore : IDisposable
{
    private readonly ContentLoader _loader;
    private readonly TimeProvider _time;
    private readonly ILogger<ContentStore> _logger;
    private readonly int _relatedCount;
    private readonly Lock _reloadLock = new();
    private readonly Dictionary<string, string> _slugsById = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _oldSlugRedirects = new(StringComparer.OrdinalIgnoreCase);
    private ContentSnapshot _current = ContentSnapshot.Empty;
    private IReadOnlyList<ContentFile> _files = [];
    private ITimer? _transitionTimer;
    private ITimer? _settleTimer;
    private HashSet<string> _reported = new(StringComparer.Ordinal);
    private long _version;

    /// <param name="render">Renders a body (markdown, folder); <see cref="MarkdownRenderer.Render"/> when null.</param>
    public ContentStore(string root, long maxFileBytes, int relatedCount, TimeProvider time, ILogger<ContentStore> logger, Func<string, string, RenderedBody>? render = null)
    {
        // Bodies are rendered when a page first needs them; a failure then is logged and the
        // reader gets the text (see ArticleBody).
        _loader = new ContentLoader(root, maxFileBytes, new ParseOptions { Render = render, RenderFailed = (path, ex) => LogRenderFailed(ex, path) });
        _relatedCount = relatedCount;
        _time = time;
        _logger = logger;
    }

    /// <summary>The full path of the content folder.</summary>
    public string Root => _loader.Root;

    /// <summary>The snapshot readers see now.</summary>
    public ContentSnapshot Current => Volatile.Read(ref _current);

    /// <summary>True once the first load finished.</summary>
    public bool IsLoaded => Current.Version > 0;

    private readonly TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the first snapshot is published (or fails with the first load's error).</summary>
    public Task WhenLoaded => _loaded.Task;

    /// <summary>Makes <see cref="WhenLoaded"/> fail: the first load threw and there will be no content.</summary>
    public void FailFirstLoad(Exception exception) => _loaded.TrySetException(exception);

    /// <summary>Raised after a new snapshot is published.</summary>
    public event Action<ContentSnapshot>? Published;

    /// <summary>Reads changed files and publishes a new snapshot.</summary>
    public ContentSnapshot Reload()
    {
        lock (_reloadLock)
        {
            var stopwatch = Stopwatch.StartNew();
            _files = _loader.Load();
            var read = stopwatch.ElapsedMilliseconds;
            ScheduleSettleRetry();
            if (!_loader.LastLoadChanged && IsLoaded)
            {
                return Current;
            }

            var snapshot = Publish();
            LogLoaded(snapshot.ArticleCount, snapshot.SkippedCount, stopwatch.ElapsedMilliseconds, read);
            return snapshot;
        }
    }

    /// <summary>Rebuilds the snapshot from the files already read (when the clock, not a file, changed).</summary>
    public ContentSnapshot Rebuild()
    {
        lock (_reloadLock)
        {
            return Publish();
        }
    }

    private ContentSnapshot Publish()
    {
        var now = _time.GetUtcNow();
        var snapshot = SnapshotBuilder.Build(_files, now, _relatedCount, Interlocked.Increment(ref _version), Current);
        snapshot = WithIdRedirects(snapshot);
        Volatile.Write(ref _current, snapshot);
        ReportNewDiagnostics(snapshot);
        ScheduleTransition(snapshot.NextTransition, now);
        Published?.Invoke(snapshot);
        _loaded.TrySetResult();
        BuildSearchInBackground(snapshot);
        return snapshot;
    }

    // An article that keeps its 'id' while its slug changes answers at its old URL with a 301.
    private ContentSnapshot WithIdRedirects(ContentSnapshot snapshot)
    {
        foreach (var article in snapshot.All)
        {
            if (article.Id is not { Length: > 0 } id)
            {
                continue;
            }

            if (_slugsById.TryGetValue(id, out var oldSlug) && oldSlug != article.Slug)
            {
                _oldSlugRedirects[$"/articles/{oldSlug}"] = id;
            }

            _slugsById[id] = article.Slug;
        }

        // Every old path answers while its article is visible under another slug and no article took the path.
        Dictionary<string, string>? extra = null;
        foreach (var (path, id) in _oldSlugRedirects)
        {
            if (_slugsById.TryGetValue(id, out var slug) && snapshot.BySlug.ContainsKey(slug) && !snapshot.BySlug.ContainsKey(path["/articles/".Length..]))
            {
                extra ??= new Dictionary<string, string>(snapshot.Redirects, StringComparer.OrdinalIgnoreCase);
                extra[path] = slug;
            }
        }

        return extra is null ? snapshot : snapshot with { Redirects = extra };
    }

    // Readers get articles before the search index is there; a search that comes first waits for it.
    private void BuildSearchInBackground(ContentSnapshot snapshot)
    {
        ThreadPool.UnsafeQueueUserWorkItem(state =>
        {
            try
            {
                var stopwatch = Stopwatch.StartNew();
                var index = state.Search;
                LogSearchBuilt(index.Count, stopwatch.ElapsedMilliseconds);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                LogSearchFailed(ex);
            }
        }, snapshot, preferLocal: false);
    }

    private void ReportNewDiagnostics(ContentSnapshot snapshot)
    {
        // Each problem is logged once, when it appears, not at every reload.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var settling = snapshot.Files.Where(f => f.Settling).Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
        foreach (var diagnostic in snapshot.Diagnostics.Where(d => !settling.Contains(d.Path)))
        {
            var line = diagnostic.ToString();
            seen.Add(line);
            if (_reported.Contains(line))
            {
                continue;
            }

            if (diagnostic.Severity == DiagnosticSeverity.Error)
            {
                LogContentError(diagnostic.Path, diagnostic.Line, diagnostic.Column, diagnostic.Message);
            }
            else
            {
                LogContentWarning(diagnostic.Path, diagnostic.Line, diagnostic.Column, diagnostic.Message);
            }
        }

        foreach (var file in snapshot.Files.Where(f => f.KeptLastGood && !f.Settling))
        {
            var key = "kept:" + file.Path + file.Diagnostics.Count;
            seen.Add(key);
            if (_reported.Add(key))
            {
                LogKeptLastGood(file.Path);
            }
        }

        _reported = seen;
    }

    // A file that failed while still being written is looked at again once it has settled,
    // even if no further file event arrives.
    private void ScheduleSettleRetry()
    {
        _settleTimer?.Dispose();
        _settleTimer = _loader.HasSettling
            ? TimeProvider.System.CreateTimer(_ => Reload(), null, ContentLoader.SettleTime + TimeSpan.FromMilliseconds(100), Timeout.InfiniteTimeSpan)
            : null;
    }

    private void ScheduleTransition(DateTimeOffset? next, DateTimeOffset now)
    {
        _transitionTimer?.Dispose();
        _transitionTimer = null;
        if (next is not { } due)
        {
            return;
        }

        // Timers take at most about 49 days; a later moment is reached in steps.
        var delay = due - now;
        var capped = delay > TimeSpan.FromDays(30) ? TimeSpan.FromDays(30) : delay;
        _transitionTimer = _time.CreateTimer(_ => Rebuild(), null, capped < TimeSpan.Zero ? TimeSpan.Zero : capped, Timeout.InfiniteTimeSpan);
    }

    public void Dispose()
    {
        lock (_reloadLock)
        {
            _transitionTimer?.Dispose();
            _transitionTimer = null;
            _settleTimer?.Dispose();
            _settleTimer = null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Content loaded: {Articles} articles, {Skipped} skipped, in {Milliseconds} ms ({ReadMilliseconds} ms reading files)")]
    private partial void LogLoaded(int articles, int skipped, long milliseconds, long readMilliseconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Search index built: {Documents} documents in {Milliseconds} ms")]
    private partial void LogSearchBuilt(int documents, long milliseconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Building the search index failed")]
    private partial void LogSearchFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rendering the body of {Path} failed; readers see its text without formatting")]
    private partial void LogRenderFailed(Exception exception, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Content file skipped: {Path}:{Line}:{Column}: {Problem}")]
    private partial void LogContentError(string path, int line, int column, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Content warning: {Path}:{Line}:{Column}: {Problem}")]
    private partial void LogContentWarning(string path, int line, int column, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Content file {Path} is broken; its last good version is still served")]
    private partial void LogKeptLastGood(string path);
}
