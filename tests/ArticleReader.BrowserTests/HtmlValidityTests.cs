using System.Diagnostics;
using System.Text.Json;

namespace ArticleReader.BrowserTests;

/// <summary>Every page kind passes the Nu Html Checker (npm vnu-jar on the machine's Java) with zero errors.</summary>
[Collection(BrowserCollection.Name)]
public sealed class HtmlValidityTests(BrowserFixture site)
{
    [Fact]
    public async Task EveryPageKind_PassesTheNuHtmlChecker()
    {
        var jar = Environment.GetEnvironmentVariable("VNU_JAR");
        Assert.False(string.IsNullOrEmpty(jar) || !File.Exists(jar), "VNU_JAR must name vnu.jar (./test.sh installs the npm package vnu-jar and sets it)");

        string[] urls =
        [
            "/", "/?page=2", "/articles/black-sea-grain-corridor", "/articles/chip-export-controls-explained", "/sections/europe",
            "/tags/grain", "/authors/ірина-мельник", "/briefs", "/search", "/search?q=grain", "/search?q=zzzz", "/newsletter",
            "/no-such-page", "/?page=abc",
        ];
        var folder = Path.Combine(site.Content.Root, "..", "vnu-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri(site.BaseUrl) };
            var files = new Dictionary<string, string>();
            for (var i = 0; i < urls.Length; i++)
            {
                using var response = await client.GetAsync(new Uri(urls[i], UriKind.Relative));
                var path = Path.Combine(folder, $"page{i}.html");
                await File.WriteAllTextAsync(path, await response.Content.ReadAsStringAsync());
                files[Path.GetFullPath(path)] = urls[i];
            }

            // The confirm page a signup without script leads to.
            using (var confirm = await client.PostAsync(new Uri("/newsletter", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = "valid@example.com", ["returnUrl"] = "/" })))
            {
                Assert.Equal(System.Net.HttpStatusCode.OK, confirm.StatusCode);
                var path = Path.Combine(folder, "confirm.html");
                await File.WriteAllTextAsync(path, await confirm.Content.ReadAsStringAsync());
                files[Path.GetFullPath(path)] = "POST /newsletter (confirm step)";
            }

            var start = new ProcessStartInfo("java") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[] { "-jar", jar!, "--errors-only", "--format", "json", "--stdout" }.Concat(files.Keys))
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start)!;
            var stdoutTask = process.StandardOutput.ReadToEndAsync();
            var stderr = await process.StandardError.ReadToEndAsync();
            var stdout = await stdoutTask;
            await process.WaitForExitAsync();
            using var json = JsonDocument.Parse(stdout.Length > 0 ? stdout : stderr);
            var errors = json.RootElement.GetProperty("messages").EnumerateArray()
                .Where(m => m.GetProperty("type").GetString() == "error")
                .Select(m =>
                {
                    var url = m.TryGetProperty("url", out var u) ? u.GetString() ?? string.Empty : string.Empty;
                    var page = files.FirstOrDefault(f => url.EndsWith(Path.GetFileName(f.Key), StringComparison.Ordinal)).Value ?? url;
                    var line = m.TryGetProperty("lastLine", out var l) ? l.GetInt32() : 0;
                    return $"{page}:{line}: {m.GetProperty("message").GetString()}";
                })
                .ToArray();
            Assert.True(errors.Length == 0, string.Join("\n", errors));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
