using System.Net;
using System.Text;

namespace ArticleReader.Web.Content;

/// <summary>
/// The markdown body of one article, rendered to sanitized HTML the first time a page asks for it
/// (once per body, whichever thread comes first; the others wait and share the result).
/// The load keeps only the markdown, as UTF-8, so starting the site does not render every article.
/// A changed file is parsed into a new <see cref="Article"/> with a new body, so no rendering
/// outlives the text it was made from.
/// </summary>
public sealed class ArticleBody : IEquatable<ArticleBody>
{
    private readonly byte[] _markdown;
    private readonly Func<string, string, RenderedBody> _render;
    private readonly Action<string, Exception>? _renderFailed;
    private RenderedBody? _rendered;
    private object? _renderLock;

    private ArticleBody(byte[] markdown, string folder, string sourcePath, Func<string, string, RenderedBody> render, Action<string, Exception>? renderFailed, RenderedBody? rendered)
    {
        _markdown = markdown;
        Folder = folder;
        SourcePath = sourcePath;
        _render = render;
        _renderFailed = renderFailed;
        _rendered = rendered;
    }

    /// <summary>The article's folder relative to the content root; relative media paths resolve against it.</summary>
    public string Folder { get; }

    /// <summary>The file the body comes from, for the log line when rendering fails.</summary>
    public string SourcePath { get; }

    /// <summary>The markdown as written (front matter removed, line endings '\n').</summary>
    public string Markdown => Encoding.UTF8.GetString(_markdown);

    /// <summary>True once the body has been rendered.</summary>
    public bool IsRendered => Volatile.Read(ref _rendered) is not null;

    /// <summary>The rendered body; rendered now if no one asked before.</summary>
    public RenderedBody Rendered => Volatile.Read(ref _rendered) ?? RenderOnce();

    /// <summary>
    /// A body rendered on first use with <paramref name="render"/> (by default <see cref="MarkdownRenderer.Render"/>).
    /// When rendering throws, the reader gets the text escaped in paragraphs and
    /// <paramref name="renderFailed"/> hears of it (path, exception).
    /// </summary>
    public static ArticleBody Lazy(string markdown, string folder, string sourcePath, Func<string, string, RenderedBody>? render = null, Action<string, Exception>? renderFailed = null)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(sourcePath);
        return new ArticleBody(Encoding.UTF8.GetBytes(markdown), folder, sourcePath, render ?? MarkdownRenderer.Render, renderFailed, rendered: null);
    }

    /// <summary>A body already rendered (the check command renders every file at once to report every error).</summary>
    public static ArticleBody Eager(string markdown, string folder, string sourcePath, RenderedBody rendered)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        ArgumentNullException.ThrowIfNull(rendered);
        return new ArticleBody(Encoding.UTF8.GetBytes(markdown), folder, sourcePath, MarkdownRenderer.Render, renderFailed: null, rendered);
    }

    /// <summary>What a reader sees when the body cannot be rendered: its lines as escaped text in paragraphs.</summary>
    public static RenderedBody Fallback(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var text = MarkdownText.ToPlainText(markdown);
        var html = new StringBuilder(markdown.Length + 64);
        foreach (var paragraph in markdown.Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            html.Append("<p>").Append(WebUtility.HtmlEncode(paragraph)).Append("</p>\n");
        }

        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var excerpt = words.Length <= 60 ? text : string.Join(' ', words[..60]) + " …";
        return new RenderedBody(html.ToString(), text, excerpt, string.Empty, words.Length);
    }

    private RenderedBody RenderOnce()
    {
        lock (LazyInitializer.EnsureInitialized(ref _renderLock))
        {
            if (_rendered is { } done)
            {
                return done;
            }

            var markdown = Markdown;
            RenderedBody rendered;
            try
            {
                rendered = _render(markdown, Folder);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The load checks for markup too deep to render; whatever still fails here costs
                // the reader the formatting, never the page.
                _renderFailed?.Invoke(SourcePath, ex);
                rendered = Fallback(markdown);
            }

            Volatile.Write(ref _rendered, rendered);
            return rendered;
        }
    }

    public bool Equals(ArticleBody? other) =>
        other is not null && (ReferenceEquals(this, other) || (Folder == other.Folder && _markdown.AsSpan().SequenceEqual(other._markdown)));

    public override bool Equals(object? obj) => Equals(obj as ArticleBody);

    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(Folder);
        hash.AddBytes(_markdown);
        return hash.ToHashCode();
    }
}
