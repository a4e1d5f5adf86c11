using System.Collections.Concurrent;

namespace ArticleReader.Web.Content;

/// <summary>
/// Reads a content folder into <see cref="ContentFile"/>s. Files are parsed again only when their
/// size or time stamp changed, so a reload after one edit costs one parse.
/// Not thread-safe: one reload at a time (the store serializes them).
/// </summary>
public sealed class ContentLoader(string root, long maxFileBytes, ParseOptions? parseOptions = null)
{
    private static readonly EnumerationOptions Enumeration = new()
    {
        RecurseSubdirectories = true,
        IgnoreInaccessible = true,
        // Dot files and folders are hidden on Unix; links could lead out of the content folder.
        AttributesToSkip = FileAttributes.Hidden | FileAttributes.System | FileAttributes.ReparsePoint,
        MatchType = MatchType.Simple,
    };

    private Dictionary<string, CacheEntry> _cache = new(StringComparer.Ordinal);

    /// <summary>How long after its last write a failing file is given to finish before its error is reported.</summary>
    public static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(1);

    /// <summary>True when a file failed while it may still be being written; load again after <see cref="SettleTime"/>.</summary>
    public bool HasSettling => _cache.Values.Any(e => e.Settling);

    /// <summary>True when the last <see cref="Load"/> found a file added, changed or removed.</summary>
    public bool LastLoadChanged { get; private set; } = true;

    /// <summary>The content root as a full path.</summary>
    public string Root { get; } = Path.GetFullPath(root);

    /// <summary>True when <paramref name="relativePath"/> names a file that is an article.</summary>
    public static bool IsArticlePath(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        var parts = relativePath.Replace('\\', '/').Split('/');
        if (parts.Any(p => p.StartsWith('.')))
        {
            return false;
        }

        var name = parts[^1];
        if (!name.EndsWith(".md", StringComparison.OrdinalIgnoreCase) || name.StartsWith('#') || name.StartsWith('~'))
        {
            return false;
        }

        // content/README.md is the editors' guide, not an article.
        return !(parts.Length == 1 && name.Equals("README.md", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Relative, '/'-separated paths of every article file under <paramref name="root"/>, sorted.</summary>
    public static IReadOnlyList<string> ArticlePaths(string root) =>
        Directory.EnumerateFiles(root, "*.md", Enumeration)
            .Select(full => Path.GetRelativePath(root, full).Replace('\\', '/'))
            .Where(IsArticlePath)
            .Order(StringComparer.Ordinal)
            .ToArray();

    /// <summary>Like <see cref="ArticlePaths"/>, but empty when the folder does not exist.</summary>
    public static IReadOnlyList<string> ArticlePathsOrEmpty(string root) =>
        Directory.Exists(root) ? ArticlePaths(Path.GetFullPath(root)) : [];

    /// <summary>Reads every article file under the root; unchanged files come from the cache.</summary>
    public IReadOnlyList<ContentFile> Load()
    {
        if (!Directory.Exists(Root))
        {
            LastLoadChanged = _cache.Count > 0;
            _cache = new(StringComparer.Ordinal);
            return [];
        }

        var paths = ArticlePaths(Root).Select(relative => (Full: Path.Combine(Root, relative), Relative: relative)).ToArray();

        var previous = _cache;
        var next = new ConcurrentDictionary<string, CacheEntry>(StringComparer.Ordinal);
        Parallel.ForEach(paths, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, path =>
        {
            var entry = LoadOne(path.Full, path.Relative, previous.GetValueOrDefault(path.Relative));
            if (entry is not null)
            {
                next[path.Relative] = entry;
            }
        });

        LastLoadChanged = next.Count != previous.Count || next.Any(kv => !ReferenceEquals(previous.GetValueOrDefault(kv.Key), kv.Value));
        _cache = new Dictionary<string, CacheEntry>(next, StringComparer.Ordinal);
        return _cache.Values.Select(e => e.File).OrderBy(f => f.Path, StringComparer.Ordinal).ToArray();
    }

    private CacheEntry? LoadOne(string fullPath, string relativePath, CacheEntry? previous)
    {
        FileInfo info;
        try
        {
            info = new FileInfo(fullPath);
            if (!info.Exists)
            {
                return null;
            }
        }
        catch (IOException)
        {
            return null;
        }

        var stamp = (info.Length, info.LastWriteTimeUtc.Ticks);
        if (previous is not null && previous.Stamp == stamp && !previous.Settling)
        {
            return previous;
        }

        // A file written a moment ago may still be growing (an editor or a copy in progress):
        // a failure then is not yet the editor's mistake, so it is retried before it is reported.
        var settling = DateTime.UtcNow - info.LastWriteTimeUtc < SettleTime;

        ParseResult result;
        if (info.Length > maxFileBytes)
        {
            result = new ParseResult(null, [new ContentDiagnostic(relativePath, 1, 1, DiagnosticSeverity.Error, $"the file is {info.Length:N0} bytes, more than the limit of {maxFileBytes:N0} (Content:MaxFileBytes); split it or move large media next to it")]);
        }
        else
        {
            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(fullPath);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                result = new ParseResult(null, [new ContentDiagnostic(relativePath, 1, 1, DiagnosticSeverity.Error, $"the file cannot be read ({ex.Message})")]);
                return Keep(previous, relativePath, stamp, result, settling);
            }

            try
            {
                result = ArticleParser.Parse(relativePath, bytes, maxFileBytes, parseOptions);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // A parser bug on one strange file must cost that file, never the whole load.
                result = new ParseResult(null, [new ContentDiagnostic(relativePath, 1, 1, DiagnosticSeverity.Error, $"the file could not be read as an article ({ex.GetType().Name}); simplify its markup or report it to the developers")]);
            }
        }

        return Keep(previous, relativePath, stamp, result, settling);
    }

    private static CacheEntry Keep(CacheEntry? previous, string relativePath, (long, long) stamp, ParseResult result, bool settling)
    {
        settling &= result.Article is null;
        if (result.Article is null && previous?.LastGood is { } lastGood)
        {
            // A save in the middle of an edit must not take a live article down.
            return new CacheEntry(stamp, new ContentFile(relativePath, lastGood, result.Diagnostics, KeptLastGood: true) { Settling = settling }, lastGood, settling);
        }

        return new CacheEntry(stamp, new ContentFile(relativePath, result.Article, result.Diagnostics, KeptLastGood: false) { Settling = settling }, result.Article, settling);
    }

    private sealed record CacheEntry((long Length, long Ticks) Stamp, ContentFile File, Article? LastGood, bool Settling);
}
