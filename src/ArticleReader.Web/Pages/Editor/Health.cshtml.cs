using System.Net;
using ArticleReader.Web.Content;
using ArticleReader.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace ArticleReader.Web.Pages.Editor;

/// <summary>Content health for editors: every file with its state. Development or loopback only.</summary>
public sealed class HealthModel(ContentStore store, IWebHostEnvironment environment, IOptions<EditorOptions> options) : PageModel
{
    public IReadOnlyList<FileState> Files { get; private set; } = [];

    public ContentSnapshot Snapshot { get; private set; } = ContentSnapshot.Empty;

    public IActionResult OnGet()
    {
        var remote = HttpContext.Connection.RemoteIpAddress;
        var allowed = environment.IsDevelopment() || options.Value.AllowRemoteHealthPage || (remote is not null && IPAddress.IsLoopback(remote));
        if (!allowed)
        {
            return NotFound();
        }

        Snapshot = store.Current;
        Files = FileState.Report(Snapshot);
        Response.Headers.CacheControl = "no-store";
        return Page();
    }
}
