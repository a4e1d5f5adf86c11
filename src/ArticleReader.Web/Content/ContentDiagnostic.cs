namespace ArticleReader.Web.Content;

/// <summary>How bad a content problem is.</summary>
public enum DiagnosticSeverity
{
    Warning,
    Error,
}

/// <summary>
/// One problem in one content file, with a line and column where known (1-based; 0 when not
/// known), worded for an editor: what is wrong and what to do.
/// </summary>
public sealed record ContentDiagnostic(string Path, int Line, int Column, DiagnosticSeverity Severity, string Message)
{
    /// <summary>Compiler-style form: <c>path:line:column: error|warning: message</c>.</summary>
    public override string ToString() =>
        $"{Path}:{Math.Max(Line, 1)}:{Math.Max(Column, 1)}: {(Severity == DiagnosticSeverity.Error ? "error" : "warning")}: {Message}";
}
