using System.Globalization;
using System.Text.RegularExpressions;

namespace ArticleReader.Web.Content;

/// <summary>The outcome of parsing one file: an article, or nothing and at least one error.</summary>
public sealed record ParseResult(Article? Article, IReadOnlyList<ContentDiagnostic> Diagnostics)
{
    /// <summary>
    /// Advice for editors that the check command prints but the running site does not log
    /// (no dek, an image without alt text, an unknown type).
    /// </summary>
    public IReadOnlyList<ContentDiagnostic> Advisories { get; init; } = [];

    /// <summary>Where the front matter fields stand, by normalized name: (line, column).</summary>
    public IReadOnlyDictionary<string, (int Line, int Column)> Positions { get; init; } = new Dictionary<string, (int, int)>();

    public bool HasErrors => Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);
}

/// <summary>How <see cref="ArticleParser"/> treats the body.</summary>
public sealed record ParseOptions
{
    public static readonly ParseOptions Default = new();

    /// <summary>Render the body during the parse (the check command) instead of on first use (the site).</summary>
    public bool RenderNow { get; init; }

    /// <summary>The renderer (markdown, folder); <see cref="MarkdownRenderer.Render"/> when null.</summary>
    public Func<string, string, RenderedBody>? Render { get; init; }

    /// <summary>Told (path, exception) when a body rendered on first use fails and its text is shown instead.</summary>
    public Action<string, Exception>? RenderFailed { get; init; }
}

/// <summary>Parses one markdown file with a YAML header into an <see cref="Article"/>.</summary>
public static partial class ArticleParser
{
    /// <summary>Types editors commonly use; anything else is accepted with a warning by the check command.</summary>
    public static readonly IReadOnlySet<string> KnownTypes = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "Analysis", "Opinion", "News", "Explainer", "Brief", "Interview", "Review", "Feature", "Essay", "Report",
    };

    private static readonly string[] DateFormats =
    [
        "yyyy-MM-dd", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd HH:mmzzz", "yyyy-MM-dd HH:mm:sszzz", "yyyy-MM-dd'T'HH:mmzzz", "yyyy-MM-dd'T'HH:mm:sszzz",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", "yyyy-MM-dd HH:mm:ss.FFFFFFFzzz",
        "yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm'Z'", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", "yyyy-MM-dd HH:mm:ss'Z'",
    ];

    /// <summary>Parses <paramref name="bytes"/> of the file at <paramref name="relativePath"/> ('/'-separated, relative to the content root).</summary>
    public static ParseResult Parse(string relativePath, ReadOnlySpan<byte> bytes, long maxFileBytes = 2 * 1024 * 1024, ParseOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        options ??= ParseOptions.Default;
        var diagnostics = new List<ContentDiagnostic>();
        ParseResult Fail(int line, int column, string message)
        {
            diagnostics.Add(new ContentDiagnostic(relativePath, line, column, DiagnosticSeverity.Error, message));
            return new ParseResult(null, diagnostics);
        }

        if (bytes.Length == 0)
        {
            return Fail(1, 1, "the file is empty; write a front matter with at least a title, or delete the file");
        }

        if (bytes.Length > maxFileBytes)
        {
            return Fail(1, 1, $"the file is {bytes.Length:N0} bytes, more than the limit of {maxFileBytes:N0} (Content:MaxFileBytes); split it or move large media next to it");
        }

        var text = SourceText.Decode(bytes, out var decodeError, out var decodeLine);
        if (text is null)
        {
            return Fail(decodeLine, 1, decodeError!);
        }

        var source = SourceText.Split(text);
        foreach (var warning in source.Warnings)
        {
            diagnostics.Add(new ContentDiagnostic(relativePath, source.FrontMatterLine, 1, DiagnosticSeverity.Warning, warning));
        }

        if (source.IsToml)
        {
            return Fail(source.FrontMatterLine - 1, 1, "the front matter is TOML (between '+++' lines); this site reads YAML: use '---' lines and 'field: value'");
        }

        if (source.UnclosedHeader)
        {
            return Fail(source.FrontMatterLine, 1, "the front matter has no closing '---' line; add one after the last field");
        }

        if (source.FrontMatter is null)
        {
            return Fail(1, 1, "the file has no front matter; start it with a '---' line, a 'title: ...' line and another '---' line");
        }

        FrontMatter fm;
        try
        {
            fm = FrontMatter.Parse(source.FrontMatter, source.FrontMatterLine);
        }
        catch (FrontMatterException ex)
        {
            return Fail(ex.Line, ex.Column, ex.Message);
        }

        var title = fm.GetString("title")?.Trim();
        if (string.IsNullOrEmpty(title))
        {
            return Fail(fm.Has("title") ? fm.LineOf("title") : source.FrontMatterLine, 1, "the article has no title; add a line 'title: Your headline' to the front matter");
        }

        var fileName = relativePath.Split('/')[^1];
        var baseName = Path.GetFileNameWithoutExtension(fileName);
        var nameMatch = DatePrefix().Match(baseName);

        DateTimeOffset date;
        var dateText = fm.GetString("date", "publishdate", "publish_date");
        if (dateText is not null)
        {
            if (ParseDate(dateText) is not { } parsed)
            {
                return Fail(fm.LineOf("date", "publishdate", "publish_date"), fm.ColumnOf("date", "publishdate", "publish_date"), $"the date '{dateText}' cannot be read; write it as 2024-12-05, 2024-12-05 14:30 or 2024-12-05T14:30:00+01:00");
            }

            date = parsed;
        }
        else if (nameMatch.Success && ParseDate(nameMatch.Groups["date"].Value) is { } fromName)
        {
            date = fromName;
        }
        else
        {
            return Fail(source.FrontMatterLine, 1, "the article has no date; add 'date: 2024-12-05' to the front matter or start the file name with the date (2024-12-05-title.md)");
        }

        DateTimeOffset? OptionalDate(params string[] names)
        {
            var value = fm.GetString(names);
            if (value is null)
            {
                return null;
            }

            var parsedDate = ParseDate(value);
            if (parsedDate is null)
            {
                diagnostics.Add(new ContentDiagnostic(relativePath, fm.LineOf(names), fm.ColumnOf(names), DiagnosticSeverity.Error, $"the date '{value}' in '{names[0]}' cannot be read; write it as 2024-12-05 or 2024-12-05 14:30"));
            }

            return parsedDate;
        }

        var updated = OptionalDate("updated", "lastmod");
        var expires = OptionalDate("expires", "expirydate", "expiry_date");
        if (diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            return new ParseResult(null, diagnostics);
        }

        var explicitSlug = fm.GetString("slug");
        var slugSource = string.IsNullOrWhiteSpace(explicitSlug)
            ? (nameMatch.Success ? nameMatch.Groups["rest"].Value : baseName)
            : explicitSlug;
        var slug = Slugger.Slugify(slugSource);
        if (slug.Length == 0)
        {
            return Fail(fm.LineOf("slug") is var l and > 0 ? l : 1, 1, "the article's slug is empty (the file name or 'slug' has no letters or digits); rename the file or set 'slug: some-words'");
        }

        var folder = relativePath.Contains('/', StringComparison.Ordinal) ? relativePath[..relativePath.LastIndexOf('/')] : string.Empty;

        ArticleImage? image = null;
        if (fm.GetString("image") is { Length: > 0 } imageRef)
        {
            var url = MediaPath.Resolve(folder, imageRef);
            if (url is null || url.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
            {
                diagnostics.Add(new ContentDiagnostic(relativePath, fm.LineOf("image"), fm.ColumnOf("image"), DiagnosticSeverity.Warning, $"the image '{imageRef}' is not used: give a path inside the content folder or an https:// URL"));
            }
            else
            {
                image = new ArticleImage(url, fm.GetString("image_alt")?.Trim(), fm.GetString("image_credit")?.Trim());
            }
        }

        var section = fm.GetString("section", "category", "categories") is { } sectionName && Slugger.Slugify(sectionName).Length > 0
            ? Taxon.From(sectionName)
            : null;
        var type = fm.GetString("type")?.Trim();
        var sourceUrl = fm.GetString("source_url")?.Trim();
        if (sourceUrl is not null && !(Uri.TryCreate(sourceUrl, UriKind.Absolute, out var sourceUri) && sourceUri.Scheme is "https" or "http"))
        {
            diagnostics.Add(new ContentDiagnostic(relativePath, fm.LineOf("source_url"), fm.ColumnOf("source_url"), DiagnosticSeverity.Warning, $"the source_url '{sourceUrl}' is not an http(s) address and is not shown"));
            sourceUrl = null;
        }

        ArticleBody body;
        try
        {
            if (MarkdownRenderer.MayBeTooDeep(source.Body))
            {
                // Markup that may be past Markdig's depth limit is tried now, on a pipeline of its
                // own, so the file is reported at load, not at a reader's request.
                body = ArticleBody.Eager(source.Body, folder, relativePath, (options.Render ?? MarkdownRenderer.RenderIsolated)(source.Body, folder));
            }
            else if (options.RenderNow)
            {
                // The check command renders every body to report every error.
                body = ArticleBody.Eager(source.Body, folder, relativePath, (options.Render ?? MarkdownRenderer.Render)(source.Body, folder));
            }
            else
            {
                body = ArticleBody.Lazy(source.Body, folder, relativePath, options.Render, options.RenderFailed);
            }
        }
        catch (ArgumentException)
        {
            // Markdig refuses markup nested past its depth limit (hundreds of '>', '[' or list levels).
            // One such file must be reported, not stop the whole load and with it the site.
            var bodyLine = source.FrontMatterLine + (source.FrontMatter!.Length == 0 ? 0 : source.FrontMatter.Count(c => c == '\n') + 1) + 1;
            return Fail(bodyLine, 1, "the text is nested too deeply to show (quotes, lists, brackets or emphasis hundreds of levels deep); simplify it");
        }

        var bodyText = MarkdownText.ToPlainText(source.Body, out var wordCount);
        var article = new Article
        {
            Slug = slug,
            BaseSlug = slug,
            Id = fm.GetString("id")?.Trim(),
            Title = title,
            Dek = fm.GetString("dek", "description", "summary", "subtitle")?.Trim() is { Length: > 0 } dek ? dek : null,
            Date = date,
            Authors = ToTaxa(fm.GetList(splitCommas: false, "author").Concat(fm.GetList(splitCommas: true, "authors"))),
            Type = string.IsNullOrEmpty(type) ? "Analysis" : type,
            Section = section,
            Tags = ToTaxa(fm.GetList(splitCommas: true, "tags")),
            Image = image,
            Draft = IsTrue(fm.GetString("draft")),
            Updated = updated,
            Correction = fm.GetString("correction")?.Trim(),
            Expires = expires,
            Aliases = fm.GetList(splitCommas: false, "aliases"),
            Related = fm.GetList(splitCommas: true, "related").Select(Slugger.Slugify).Where(s => s.Length > 0).ToArray(),
            NotRelated = fm.GetList(splitCommas: true, "not_related").Select(Slugger.Slugify).Where(s => s.Length > 0).ToArray(),
            SourceUrl = sourceUrl,
            SourceName = fm.GetString("source_name")?.Trim(),
            Body = body,
            BodyText = bodyText,
            WordCount = wordCount,
            SourcePath = relativePath,
        };
        var advisories = new List<ContentDiagnostic>();
        void Advise(string field, string message) =>
            advisories.Add(new ContentDiagnostic(relativePath, fm.LineOf(field) is > 0 and var line ? line : source.FrontMatterLine, Math.Max(1, fm.ColumnOf(field)), DiagnosticSeverity.Warning, message));
        if (article.Dek is null && !article.IsBrief)
        {
            Advise("title", "the article has no dek; add 'dek: one sentence that says what the piece argues'");
        }

        if (article.Image is not null && string.IsNullOrEmpty(article.Image.Alt))
        {
            Advise("image", "the image has no alt text; add 'image_alt: what the picture shows' for readers who cannot see it");
        }

        if (!KnownTypes.Contains(article.Type))
        {
            Advise("type", $"the type '{article.Type}' is not one of {string.Join(", ", KnownTypes.Order(StringComparer.Ordinal))}; check the spelling");
        }

        var positions = new Dictionary<string, (int, int)>(StringComparer.Ordinal);
        foreach (var field in new[] { "image", "related", "not_related", "title", "slug" })
        {
            if (fm.LineOf(field) > 0)
            {
                positions[field] = (fm.LineOf(field), fm.ColumnOf(field));
            }
        }

        return new ParseResult(article, diagnostics) { Advisories = advisories, Positions = positions };
    }

    /// <summary>Reads the date forms the contract allows; no offset means UTC.</summary>
    public static DateTimeOffset? ParseDate(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = value.Trim();
        // Jekyll writes '2014-09-15 12:00:00 -0700': fold the space and the colon-less offset.
        text = OffsetWithoutColon().Replace(text, "$1$2:$3");
        return DateTimeOffset.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            ? date
            : null;
    }

    private static bool IsTrue(string? value) =>
        value is not null && (value.Trim().Equals("true", StringComparison.OrdinalIgnoreCase) || value.Trim().Equals("yes", StringComparison.OrdinalIgnoreCase));

    private static Taxon[] ToTaxa(IEnumerable<string> names) =>
        names.Select(Taxon.From).Where(t => t.Slug.Length > 0).DistinctBy(t => t.Slug).ToArray();

    [GeneratedRegex(@"^(?<date>\d{4}-\d{2}-\d{2})-(?<rest>.+)$")]
    private static partial Regex DatePrefix();

    [GeneratedRegex(@"\s*([+-])(\d{2}):?(\d{2})$")]
    private static partial Regex OffsetWithoutColon();
}
