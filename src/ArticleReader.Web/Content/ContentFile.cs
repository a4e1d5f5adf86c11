namespace ArticleReader.Web.Content;

/// <summary>What one content file holds after the last load.</summary>
/// <param name="Path">Relative to the content root, '/'-separated.</param>
/// <param name="Article">The article served for this file: the new parse, or the last good one when the file broke.</param>
/// <param name="Diagnostics">Problems found in the file's current text.</param>
/// <param name="KeptLastGood">True when the file is broken and its last good version is still served.</param>
public sealed record ContentFile(string Path, Article? Article, IReadOnlyList<ContentDiagnostic> Diagnostics, bool KeptLastGood)
{
    public bool HasErrors => Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);

    /// <summary>True when the file failed but was written a moment ago: it may still be growing, so its errors are not reported yet.</summary>
    public bool Settling { get; init; }
}
