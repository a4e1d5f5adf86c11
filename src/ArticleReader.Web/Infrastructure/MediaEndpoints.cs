using ArticleReader.Web.Content;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Net.Http.Headers;

namespace ArticleReader.Web.Infrastructure;

/// <summary>Serves images and PDFs that sit next to articles, under /media/{path}.</summary>
public static class MediaEndpoints
{
    private static readonly FileExtensionContentTypeProvider Types = new();

    private static readonly HashSet<string> Allowed = new(StringComparer.OrdinalIgnoreCase)
    {
        ".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".svg", ".pdf",
    };

    /// <summary>Maps GET and HEAD /media/{**path}.</summary>
    public static IEndpointRouteBuilder MapMedia(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapMethods("/media/{**path}", [HttpMethods.Get, HttpMethods.Head], Serve);
        return endpoints;
    }

    private static IResult Serve(string? path, ContentStore store, HttpContext context)
    {
        if (Resolve(store.Root, path) is not { } file)
        {
            return Results.NotFound();
        }

        var extension = Path.GetExtension(file.FullName);
        if (extension.Equals(".svg", StringComparison.OrdinalIgnoreCase))
        {
            // An SVG opened directly must not run script.
            context.Response.Headers[HeaderNames.ContentSecurityPolicy] = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox; frame-ancestors 'none'";
        }

        context.Response.Headers[HeaderNames.CacheControl] = "public, max-age=604800";
        context.Response.Headers[HeaderNames.XContentTypeOptions] = "nosniff";
        var contentType = Types.TryGetContentType(file.Name, out var type) ? type : "application/octet-stream";
        var etag = new EntityTagHeaderValue($"\"{file.Length:x}-{file.LastWriteTimeUtc.Ticks:x}\"");
        return Results.File(file.FullName, contentType, lastModified: file.LastWriteTimeUtc, entityTag: etag, enableRangeProcessing: true);
    }

    /// <summary>
    /// The file for a /media path, or null when it is not an allowed kind, is hidden, does not
    /// exist, or lies outside the content root (after normalising and following links).
    /// </summary>
    public static FileInfo? Resolve(string root, string? path)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (string.IsNullOrEmpty(path) || path.Contains('\0', StringComparison.Ordinal) || path.Contains('\\', StringComparison.Ordinal) || path.Length > 1024)
        {
            return null;
        }

        var relative = MediaPath.Normalize(path);
        if (relative is null || relative.Split('/').Any(p => p.StartsWith('.')) || !Allowed.Contains(Path.GetExtension(relative)))
        {
            return null;
        }

        var rootFull = Path.GetFullPath(root);
        var full = Path.GetFullPath(Path.Combine(rootFull, relative));
        if (!IsUnder(full, rootFull))
        {
            return null;
        }

        var info = new FileInfo(full);
        if (!info.Exists)
        {
            return null;
        }

        // A link inside the content folder must not lead out of it.
        if (info.LinkTarget is not null && (info.ResolveLinkTarget(returnFinalTarget: true) is not { } target || !IsUnder(Path.GetFullPath(target.FullName), rootFull)))
        {
            return null;
        }

        for (var dir = info.Directory; dir is not null && IsUnder(dir.FullName, rootFull) && dir.FullName.Length > rootFull.TrimEnd('/').Length; dir = dir.Parent)
        {
            if (dir.LinkTarget is not null)
            {
                return null;
            }
        }

        return info;
    }

    private static bool IsUnder(string path, string root)
    {
        var prefix = root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar;
        return path.StartsWith(prefix, StringComparison.Ordinal);
    }
}
