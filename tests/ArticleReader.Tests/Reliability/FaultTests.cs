using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using ArticleReader.Tests.Infrastructure;
using ArticleReader.Web.Content;
using ArticleReader.Web.Newsletter;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace ArticleReader.Tests.Reliability;

[Collection(RealProcessCollection.Name)]
public sealed partial class FaultTests(ITestOutputHelper output) : IDisposable
{
    private const int FuzzSeed = 20261126;
    private static readonly TimeSpan PerFileParseLimit = TimeSpan.FromSeconds(5);

    private readonly TempContent _content = new();
    private readonly string _data = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "ar-tests", "fault-" + Guid.NewGuid().ToString("N"))).FullName;

    private Dictionary<string, string> Settings(string subscribersFile) => new()
    {
        ["Content__Root"] = _content.Root,
        ["Newsletter__SubscribersFile"] = subscribersFile,
        ["Newsletter__MinSecondsToSubmit"] = "0",
        // The highest the option accepts (its range is 1..100000); far above what the storm sends.
        ["Newsletter__RateLimitPerMinute"] = "100000",
        ["DataProtection__KeysFolder"] = Path.Combine(_data, "keys"),
    };

    [Fact]
    public async Task SignupStorm_KilledWithSigkill_KeepsEveryAcknowledgedSignupExactlyOnce()
    {
        const int clients = 32;
        const int total = 3000;
        const int killAfter = 1000;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        _content.Article("2025-01-01-first.md", "First Piece");
        var file = Path.Combine(_data, "subscribers.csv");
        var settings = Settings(file);
        var run = Guid.NewGuid().ToString("N")[..8];

        var acknowledged = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        var unexpected = new ConcurrentQueue<string>();
        var reachedKillPoint = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var next = -1;
        var acks = 0;
        var killed = 0;

        using (var app = await AppProcess.StartAsync(settings, timeout.Token))
        {
            async Task ClientAsync()
            {
                using var reader = new SignupClient(app.BaseAddress);
                while (Volatile.Read(ref killed) == 0)
                {
                    var n = Interlocked.Increment(ref next);
                    if (n >= total)
                    {
                        return;
                    }

                    var email = $"storm-{n:D4}-{run}@example.com";
                    SignupAnswer answer;
                    try
                    {
                        answer = await reader.SignUpAsync(email, timeout.Token);
                    }
                    catch (Exception ex) when (ex is HttpRequestException or IOException or TaskCanceledException && !timeout.IsCancellationRequested)
                    {
                        if (Volatile.Read(ref killed) == 0)
                        {
                            unexpected.Enqueue($"{email}: {ex.GetType().Name}: {ex.Message}");
                        }

                        return;
                    }

                    if (answer is { Status: HttpStatusCode.OK, Ok: true })
                    {
                        acknowledged[email] = true;
                        if (Interlocked.Increment(ref acks) == killAfter)
                        {
                            reachedKillPoint.TrySetResult();
                        }
                    }
                    else if (Volatile.Read(ref killed) == 0)
                    {
                        unexpected.Enqueue($"{email}: {answer}");
                    }
                }
            }

            var readers = Enumerable.Range(0, clients).Select(_ => Task.Run(ClientAsync)).ToArray();
            var finished = Task.WhenAll(readers);
            await Task.WhenAny(reachedKillPoint.Task, finished).WaitAsync(timeout.Token);
            Assert.True(reachedKillPoint.Task.IsCompleted, $"the storm ended before {killAfter} acknowledgements: {acks}; {string.Join("; ", unexpected.Take(5))}\n{app.RecentOutput}");

            Volatile.Write(ref killed, 1);
            app.KillHard();
            await finished.WaitAsync(timeout.Token);
            Assert.True(app.HasExited);
        }

        output.WriteLine($"storm: {acknowledged.Count} acknowledged of {next + 1} started when SIGKILL arrived");
        Assert.True(unexpected.IsEmpty, "answers before the kill that were not 200 ok:true: " + string.Join("; ", unexpected.Take(10)));
        Assert.InRange(acknowledged.Count, killAfter, total);

        // The file as the killed process left it (no process holds it now).
        var (before, damagedTail) = ReadRawSubscriberFile(await File.ReadAllBytesAsync(file, timeout.Token));
        var missing = acknowledged.Keys.Where(e => !before.Contains(e)).ToArray();
        Assert.True(missing.Length == 0, $"{missing.Length} acknowledged signups are not in the file, e.g. {string.Join(", ", missing.Take(5))}");
        Assert.Equal(before.Count, before.Select(EmailAddressValidator.Key).Distinct().Count());
        output.WriteLine($"file after SIGKILL: {before.Count} records, damaged tail: {damagedTail}");

        // Restart on the same file: it opens (setting aside a torn tail, if any) and keeps every record.
        using (var restarted = await AppProcess.StartAsync(settings, timeout.Token))
        {
            var sideFiles = Directory.GetFiles(_data, "subscribers.csv.torn-*");
            Assert.Equal(damagedTail ? 1 : 0, sideFiles.Length);

            var exported = await ExportAsync(settings);
            Assert.Equal(before.Order(StringComparer.Ordinal), exported.Order(StringComparer.Ordinal));

            // The restarted store takes new signups and still refuses duplicates.
            using var reader = new SignupClient(restarted.BaseAddress);
            var fresh = $"after-restart-{run}@example.com";
            var again = acknowledged.Keys.First().ToUpperInvariant();
            Assert.Equal(HttpStatusCode.OK, (await reader.SignUpAsync(fresh, timeout.Token)).Status);
            Assert.Equal(HttpStatusCode.OK, (await reader.SignUpAsync(again, timeout.Token)).Status);
            var afterwards = await ExportAsync(settings);
            Assert.Equal(before.Count + 1, afterwards.Count);
            Assert.Contains(fresh, afterwards);
            Assert.Equal(afterwards.Count, afterwards.Select(EmailAddressValidator.Key).Distinct().Count());
        }
    }

    [Fact]
    public async Task ContentChurnUnderLoad_NeverFailsNorShowsHalfOfTwoVersions()
    {
        const int slots = 6;
        const int readerCount = 8;
        var churnTime = TimeSpan.FromSeconds(10);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var rng = new Random(FuzzSeed);
        var version = 0;
        for (var i = 0; i < 3; i++)
        {
            _content.Article($"stable-{i}.md", $"Stable Piece {i}", extra: "section: Churn\ntags: [Churn]");
        }

        string ArticleText(int slot, int v) =>
            $"---\ntitle: Churn v{v} slot {slot}\ndate: 2025-02-0{1 + slot}\nslug: churn-{slot}\nsection: Churn\ntags: [Churn]\ntype: {(slot == 5 ? "Brief" : "Analysis")}\n---\n\n"
            + $"version-marker-{v}. This is the churned piece.\n\n"
            + string.Concat(Enumerable.Repeat($"Filler sentence for version {v} of slot {slot}, about ports and grain. ", 20 + (v % 7) * 10))
            + $"\n\nThe end of version-marker-{v}.\n";

        var lastWritten = new int?[slots];
        void WriteSlot(int slot, bool atomic)
        {
            var v = ++version;
            var path = Path.Combine(_content.Root, $"churn-{slot}.md");
            if (atomic)
            {
                _content.Write($"churn-{slot}.md", ArticleText(slot, v));
            }
            else
            {
                File.WriteAllText(path, ArticleText(slot, v));
            }

            lastWritten[slot] = v;
        }

        for (var slot = 0; slot < 3; slot++)
        {
            WriteSlot(slot, atomic: true);
        }

        _content.Article("briefs/2025-01-01-brief.md", "A Brief", extra: "type: Brief\nsection: Churn");

        using var app = await AppProcess.StartAsync(Settings(Path.Combine(_data, "subscribers.csv")), timeout.Token);
        var serverErrors = new ConcurrentQueue<string>();
        var mixed = new ConcurrentQueue<string>();
        var versionsSeen = new ConcurrentDictionary<int, ConcurrentDictionary<int, bool>>();
        var requests = 0;
        var writerDone = 0;

        async Task ReadLoopAsync(int seed)
        {
            var random = new Random(seed);
            var parser = new HtmlParser();
            using var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
            string[] others = ["/", "/sections/churn", "/tags/churn", "/search?q=churn", "/briefs", "/feed.xml", "/sitemap.xml", "/sections/churn/atom.xml"];
            while (Volatile.Read(ref writerDone) == 0)
            {
                var slot = random.Next(slots);
                var url = random.Next(3) > 0 ? $"/articles/churn-{slot}" : others[random.Next(others.Length)];
                using var response = await client.GetAsync(new Uri(url, UriKind.Relative), timeout.Token);
                Interlocked.Increment(ref requests);
                if ((int)response.StatusCode >= 500)
                {
                    serverErrors.Enqueue($"{url}: {(int)response.StatusCode}");
                    continue;
                }

                if (!url.StartsWith("/articles/", StringComparison.Ordinal) || response.StatusCode != HttpStatusCode.OK)
                {
                    continue;
                }

                var document = parser.ParseDocument(await response.Content.ReadAsStringAsync(timeout.Token));
                var title = TitleVersion().Match(document.QuerySelector("article.article h1")?.TextContent ?? string.Empty);
                var markers = BodyMarker().Matches(document.QuerySelector(".article-body")?.TextContent ?? string.Empty).Select(m => m.Groups[1].Value).Distinct().ToArray();
                if (!title.Success || title.Groups[2].Value != slot.ToString(System.Globalization.CultureInfo.InvariantCulture) || markers.Length != 1 || markers[0] != title.Groups[1].Value)
                {
                    mixed.Enqueue($"{url}: h1 '{document.QuerySelector("h1")?.TextContent}' with body markers [{string.Join(",", markers)}]");
                    continue;
                }

                versionsSeen.GetOrAdd(slot, _ => new()).TryAdd(int.Parse(title.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), true);
            }
        }

        var loops = Enumerable.Range(0, readerCount).Select(i => Task.Run(() => ReadLoopAsync(FuzzSeed + i))).ToArray();
        var operations = new List<string>();
        var clock = Stopwatch.StartNew();
        try
        {
            while (clock.Elapsed < churnTime)
            {
                var slot = rng.Next(slots);
                var path = Path.Combine(_content.Root, $"churn-{slot}.md");
                switch (rng.Next(10))
                {
                    case < 5:
                        WriteSlot(slot, atomic: rng.Next(2) == 0);
                        operations.Add($"write {slot} v{version}");
                        break;
                    case < 7:
                        File.Delete(path);
                        lastWritten[slot] = null;
                        operations.Add($"delete {slot}");
                        break;
                    case < 9:
                        // A save in the middle of an edit: broken front matter (the last good version stays).
                        File.WriteAllText(path, $"---\ntitle: [Churn v{++version} slot {slot}\n---\nversion-marker-{version}.\n");
                        operations.Add($"break {slot} v{version}");
                        break;
                    default:
                        _content.Write($"notes/churn-{slot}-{version}.txt", "not an article");
                        operations.Add("other file");
                        break;
                }

                await Task.Delay(rng.Next(20, 300), timeout.Token);
            }
        }
        finally
        {
            Volatile.Write(ref writerDone, 1);
        }

        await Task.WhenAll(loops).WaitAsync(timeout.Token);
        output.WriteLine($"churn: {operations.Count} file operations, {requests} requests, versions seen per slot: {string.Join("; ", versionsSeen.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}:{kv.Value.Count}"))}");
        Assert.True(serverErrors.IsEmpty, $"{serverErrors.Count} server errors: {string.Join("; ", serverErrors.Take(10))}\n{app.RecentOutput}");
        Assert.True(mixed.IsEmpty, $"{mixed.Count} pages mixing versions: {string.Join("; ", mixed.Take(10))}");
        Assert.True(requests >= 100, $"only {requests} requests were made during the churn");
        Assert.True(versionsSeen.Values.Any(v => v.Count >= 2), $"readers never saw an article change (versions seen: {string.Join("; ", versionsSeen.Select(kv => $"{kv.Key}:{kv.Value.Count}"))}); operations: {string.Join(", ", operations)}");

        // When the writing stops, the site settles on what is on disk.
        for (var slot = 0; slot < slots; slot++)
        {
            if (slot % 2 == 0)
            {
                WriteSlot(slot, atomic: true);
            }
            else
            {
                File.Delete(Path.Combine(_content.Root, $"churn-{slot}.md"));
                lastWritten[slot] = null;
            }
        }

        using var check = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var settled = await Html.EventuallyAsync(async () =>
        {
            for (var slot = 0; slot < slots; slot++)
            {
                using var response = await check.GetAsync(new Uri($"/articles/churn-{slot}", UriKind.Relative), timeout.Token);
                var body = await response.Content.ReadAsStringAsync(timeout.Token);
                var ok = lastWritten[slot] is { } v
                    ? response.StatusCode == HttpStatusCode.OK && body.Contains($"Churn v{v} slot {slot}", StringComparison.Ordinal)
                    : response.StatusCode == HttpStatusCode.NotFound;
                if (!ok)
                {
                    return false;
                }
            }

            return true;
        }, TimeSpan.FromSeconds(30));
        Assert.True(settled, "the site did not settle on the files on disk within 30 s after the churn stopped");
    }

    [Fact]
    public async Task SubscriberFileOnDevFull_ArticlesStillServedAndSignupsAnswer503()
    {
        Assert.True(File.Exists("/dev/full"), "this test needs Linux's /dev/full");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        _content.Article("2025-01-01-first.md", "First Piece");
        using var app = await AppProcess.StartAsync(Settings("/dev/full"), timeout.Token);
        using var client = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        using var reader = new SignupClient(app.BaseAddress);

        for (var attempt = 0; attempt < 3; attempt++)
        {
            using (var article = await client.GetAsync(new Uri("/articles/first", UriKind.Relative), timeout.Token))
            {
                Assert.Equal(HttpStatusCode.OK, article.StatusCode);
            }

            var json = await reader.SignUpAsync($"full-{attempt}@example.com", timeout.Token);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, json.Status);
            Assert.False(json.Ok);
            Assert.Equal(SignupService.UnavailableMessage, json.Message);

            // The plain form post must not redirect as if it had worked.
            var form = await reader.SignUpAsync($"full-form-{attempt}@example.com", timeout.Token, page: "/articles/first", json: false);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, form.Status);
            Assert.Equal("text/html", form.ContentType);
        }

        using var health = await client.GetAsync(new Uri("/healthz", UriKind.Relative), timeout.Token);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.False(app.HasExited);
    }

    [Fact]
    public async Task MalformedMarkdownFuzz_ThousandMutants_NeverThrowNorHangAndFailuresNameTheirFile()
    {
        const int cases = 1000;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        var rng = new Random(FuzzSeed);
        var original = Encoding.UTF8.GetBytes(FuzzBase);
        var problems = new List<string>();
        var recipes = new Dictionary<string, string>(StringComparer.Ordinal);
        var parser = new HtmlParser();
        var failedToParse = 0;

        for (var i = 0; i < cases; i++)
        {
            var (bytes, recipe) = Mutate(rng, original);
            var path = $"fuzz/case-{i:D4}.md";
            recipes[path] = recipe;
            _content.WriteBytes(path, bytes);

            var parse = Task.Run(() => ArticleParser.Parse(path, bytes), timeout.Token);
            ParseResult result;
            try
            {
                result = await parse.WaitAsync(PerFileParseLimit, timeout.Token);
            }
            catch (TimeoutException)
            {
                problems.Add($"{path} [{recipe}]: did not finish within {PerFileParseLimit.TotalSeconds} s");
                continue;
            }
#pragma warning disable CA1031 // Any exception is the finding; it is reported with the case that caused it.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                problems.Add($"{path} [{recipe}]: threw {ex.GetType().Name}: {ex.Message}");
                continue;
            }

            problems.AddRange(CheckResult(path, recipe, result, parser));
            failedToParse += result.Article is null ? 1 : 0;
        }

        // The same files through the loader and the store, as the site reads a folder.
        using var store = new ContentStore(_content.Root, 2 * 1024 * 1024, 3, TimeProvider.System, NullLogger<ContentStore>.Instance);
        ContentSnapshot? snapshot = null;
        try
        {
            snapshot = await Task.Run(store.Reload, timeout.Token).WaitAsync(TimeSpan.FromMinutes(3), timeout.Token);
        }
#pragma warning disable CA1031 // As above: the exception is the finding.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            problems.Add($"loading the folder: {ex.GetType().Name}: {ex.Message}");
        }

        if (snapshot is not null)
        {
            Assert.Equal(cases, snapshot.Files.Count);
            foreach (var file in snapshot.Files.Where(f => f.Article is null))
            {
                if (!file.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error && d.Path == file.Path && d.Message.Length > 0))
                {
                    problems.Add($"{file.Path} [{recipes[file.Path]}]: not loaded, and no error names the file");
                }
            }
        }

        output.WriteLine($"fuzz: {cases} mutants, {failedToParse} refused with an error, {cases - failedToParse} parsed");
        Assert.True(problems.Count == 0, $"{problems.Count} problems (seed {FuzzSeed}):\n" + string.Join('\n', problems.Take(40)));
        // The mutations must actually break files, or the test proves nothing.
        Assert.InRange(failedToParse, cases / 10, cases - (cases / 10));
    }

    [Fact]
    public void Parse_BodyNestedTooDeeply_IsAnErrorAtTheFirstBodyLine()
    {
        var text = "---\ntitle: Bomb\ndate: 2025-01-01\n---\n" + new string('[', 10_000) + "\n";
        var result = ArticleParser.Parse("bomb.md", Encoding.UTF8.GetBytes(text));
        Assert.Null(result.Article);
        var error = Assert.Single(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal(("bomb.md", 5), (error.Path, error.Line));
        Assert.Contains("nested too deeply", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LiveSite_FileNestedTooDeeply_IsSkippedAndTheSiteKeepsServing()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        _content.Article("2025-01-01-first.md", "First Piece");
        var settings = Settings(Path.Combine(_data, "subscribers.csv"));
        using (var app = await AppProcess.StartAsync(settings, timeout.Token))
        {
            using var client = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
            // Before the fix, Markdig's depth limit escaped the reload and the host stopped.
            _content.Write("2025-01-02-bomb.md", "---\ntitle: Bomb\n---\n" + new string('[', 10_000) + "\n");
            _content.Article("2025-01-03-after.md", "After The Bomb");
            var reloaded = await Html.EventuallyAsync(async () =>
            {
                using var after = await client.GetAsync(new Uri("/articles/after", UriKind.Relative), timeout.Token);
                return after.StatusCode == HttpStatusCode.OK;
            }, TimeSpan.FromSeconds(30));
            Assert.True(reloaded && !app.HasExited, $"the site did not pick up the next file:\n{app.RecentOutput}");
            using var first = await client.GetAsync(new Uri("/articles/first", UriKind.Relative), timeout.Token);
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            using var bomb = await client.GetAsync(new Uri("/articles/bomb", UriKind.Relative), timeout.Token);
            Assert.Equal(HttpStatusCode.NotFound, bomb.StatusCode);
        }

        // It also starts with the file already there, and the check command names it.
        using (var restarted = await AppProcess.StartAsync(settings, timeout.Token))
        {
            Assert.False(restarted.HasExited);
        }

        var (exit, report, _) = await AppProcess.RunCommandAsync(settings, ["check", _content.Root], TimeSpan.FromMinutes(1));
        Assert.Equal(1, exit);
        Assert.Contains(report.Split('\n'), line => line.Contains("2025-01-02-bomb.md:4:1: error: the text is nested too deeply", StringComparison.Ordinal));
    }

    private static IEnumerable<string> CheckResult(string path, string recipe, ParseResult result, HtmlParser parser)
    {
        foreach (var diagnostic in result.Diagnostics.Concat(result.Advisories).Where(d => d.Path != path))
        {
            yield return $"{path} [{recipe}]: a diagnostic names another file: {diagnostic}";
        }

        if (result.Article is null)
        {
            if (!result.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error && d.Message.Length > 0))
            {
                yield return $"{path} [{recipe}]: no article and no error";
            }

            yield break;
        }

        if (string.IsNullOrWhiteSpace(result.Article.Title))
        {
            yield return $"{path} [{recipe}]: an article without a title";
        }

        var body = parser.ParseFragment(result.Article.BodyHtml, parser.ParseDocument(string.Empty).Body!);
        var elements = body.SelectMany(n => n is AngleSharp.Dom.IElement e ? e.QuerySelectorAll("*").Prepend(e) : []).ToArray();
        if (elements.Any(e => e.LocalName is "script" or "iframe" or "object" or "embed"
            || e.Attributes.Any(a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase)
                || (a.Name is "href" or "src" && a.Value.TrimStart().StartsWith("javascript:", StringComparison.OrdinalIgnoreCase)))))
        {
            yield return $"{path} [{recipe}]: script survived sanitising";
        }
    }

    // Reads the raw subscriber file: every complete line must be a record, except a damaged last
    // line; bytes after the last newline are a torn write.
    private static (HashSet<string> Emails, bool DamagedTail) ReadRawSubscriberFile(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        var end = text.LastIndexOf('\n') + 1;
        var damaged = end < text.Length;
        var lines = text[..end].Split('\n')[..^1].Select(l => l.TrimEnd('\r')).ToArray();
        Assert.NotEmpty(lines);
        Assert.Equal(SubscriberCsv.Header, lines[0]);
        var emails = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 1; i < lines.Length; i++)
        {
            if (SubscriberCsv.TryParseRecord(lines[i], out var record))
            {
                Assert.True(emails.Add(record.Email), $"line {i + 1} repeats an address");
                continue;
            }

            Assert.True(i == lines.Length - 1 && !damaged, $"line {i + 1} of {lines.Length} is not a record");
            damaged = true;
        }

        return (emails, damaged);
    }

    private async Task<List<string>> ExportAsync(IReadOnlyDictionary<string, string> settings)
    {
        var (exit, output, error) = await AppProcess.RunCommandAsync(settings, ["subscribers", "export"], TimeSpan.FromMinutes(1));
        Assert.True(exit == 0, $"subscribers export exited {exit}: {error}");
        return SubscriberCsv.ReadAll(new StringReader(output)).Select(r => r.Email).ToList();
    }

    private const string FuzzBase = """
        ---
        title: "Grain, Ports and Power: the Fuzz Base"
        dek: Why the corridor matters, in one sentence.
        date: 2025-03-04 10:30
        authors: [Clara Wendt, Ірина Мельник]
        section: Europe
        tags: [Grain, Black Sea, "Trade: Routes"]
        image: images/lead.svg
        image_alt: A port at dusk
        image_credit: Meridian graphics desk
        aliases: [/old/grain-fuzz]
        related: [other-piece]
        expires: 2099-01-01
        ---

        # A heading

        The opening paragraph has *emphasis*, **strong text**, `code`, a [link](https://example.org "title")
        and an image ![a port](images/port.png) with a footnote.[^1]

        > A quote
        > > with a nested quote
        > > > and another

        - a list
          - nested
            - deeper
        1. ordered
        2. second

        | column | other |
        |--------|-------|
        | 1      | 2     |

        ```csharp
        var answer = 42;
        ```

        <div class="box" onclick="steal()">Raw HTML <script>alert('x')</script> <a href="javascript:alert(1)">link</a></div>

        [^1]: The footnote text.
        """;

    private static readonly string[] Tokens =
    [
        "---\n", "\n---\n", ":", ": :", "[", "{", "\0", "\"", "'", "&anchor ", "*alias", "!!binary ", "%YAML 1.2\n", "\t", "\r",
        "\uFEFF", "...\n", "+++\n", "<!--", "]]>", "&#0;", "\\", "|\n", ">-\n", "? ", "- ", "#", "@", "`",
    ];

    private static readonly string[] FrontMatterTraps =
    [
        "x: " + new string('[', 2000), "y: &a [*a]", "z: !!python/object:os.system", "title: again", "\ttitle: tabbed", "date: 99999-99-99",
        "date: 2025-02-30", "expires: 0001-01-01", "title: ", "title: [a, b]", "title: {a: b}", "tags: {a: b}", "author: null", "draft: maybe",
        "image: ../../../../etc/passwd", "image: javascript:alert(1)", "slug: ../../x", "slug: ''", "slug: '///'", "aliases: [//evil.example]",
        "related: *undefined", "authors: " + string.Concat(Enumerable.Repeat("a, ", 5000)), "tags: [" + string.Concat(Enumerable.Repeat("\"t\", ", 5000)) + "]",
        "a: &a [x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c]\ntags: *d",
        "date: 2025-03-04T10:30:00+25:00", "updated: tomorrow", "id: " + new string('x', 100_000), "type: Brief\nsection: ",
    ];

    private static readonly byte[][] InvalidUtf8 =
    [
        [0xC0, 0xAF], [0xFF], [0xED, 0xA0, 0x80], [0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0xC0, 0xAE, 0xC0, 0xAE], [0xFE, 0xFF],
    ];

    // Seeded, so a failure names a case that the same seed reproduces.
    private static (byte[] Bytes, string Recipe) Mutate(Random rng, byte[] original)
    {
        var bytes = new List<byte>(original);
        var steps = new List<string>();
        var count = rng.Next(1, 5);
        for (var step = 0; step < count; step++)
        {
            var at = rng.Next(bytes.Count + 1);
            void Insert(string text) => bytes.InsertRange(Math.Min(at, bytes.Count), Encoding.UTF8.GetBytes(text));
            var op = rng.Next(16);
            switch (op)
            {
                case 0:
                    var flips = rng.Next(1, 17);
                    for (var f = 0; f < flips && bytes.Count > 0; f++)
                    {
                        bytes[rng.Next(bytes.Count)] = (byte)rng.Next(256);
                    }

                    steps.Add($"flip {flips} bytes");
                    break;
                case 1:
                    bytes.RemoveRange(at, bytes.Count - at);
                    steps.Add($"truncate at {at}");
                    break;
                case 2:
                    var token = Tokens[rng.Next(Tokens.Length)];
                    var times = rng.Next(1, 40);
                    Insert(string.Concat(Enumerable.Repeat(token, times)));
                    steps.Add($"insert {times} x {Escape(token)} at {at}");
                    break;
                case 3:
                    var invalid = InvalidUtf8[rng.Next(InvalidUtf8.Length)];
                    bytes.InsertRange(at, invalid);
                    steps.Add($"invalid UTF-8 {Convert.ToHexString(invalid)} at {at}");
                    break;
                case 4:
                    var length = rng.Next(10_000, 300_000);
                    Insert(new string("ax*_[#"[rng.Next(6)], length));
                    steps.Add($"line of {length} chars at {at}");
                    break;
                case 5:
                    var quotes = rng.Next(50, 20_000);
                    Insert("\n" + new string('>', quotes) + " deep\n");
                    steps.Add($"{quotes} nested quotes at {at}");
                    break;
                case 6:
                    var depth = rng.Next(20, 400);
                    Insert("\n" + string.Concat(Enumerable.Range(0, depth).Select(d => new string(' ', d * 2) + (d % 2 == 0 ? "- item\n" : "1. item\n"))));
                    steps.Add($"list {depth} deep at {at}");
                    break;
                case 7:
                    Insert(rng.Next(2) == 0 ? "\n```js\n" : "\n~~~~\n");
                    steps.Add($"unclosed fence at {at}");
                    break;
                case 8:
                    var run = rng.Next(1000, 10_001);
                    var c = "*_[(`<~|!"[rng.Next(9)];
                    Insert(new string(c, run));
                    steps.Add($"{run} x '{c}' at {at}");
                    break;
                case 9:
                    var trap = FrontMatterTraps[rng.Next(FrontMatterTraps.Length)];
                    var lineEnd = bytes.IndexOf((byte)'\n');
                    at = lineEnd < 0 ? 0 : lineEnd + 1;
                    Insert(trap + "\n");
                    steps.Add($"front matter line {Escape(trap[..Math.Min(trap.Length, 40)])}");
                    break;
                case 10:
                    var divs = rng.Next(100, 5000);
                    Insert(string.Concat(Enumerable.Repeat("<div><span>", divs)));
                    steps.Add($"{divs} nested elements at {at}");
                    break;
                case 11:
                    var ending = rng.Next(2) == 0 ? "\r\n" : "\r";
                    var replaced = Encoding.UTF8.GetString(bytes.ToArray()).Replace("\n", ending, StringComparison.Ordinal);
                    bytes = [.. Encoding.UTF8.GetBytes(replaced)];
                    steps.Add($"line endings {Escape(ending)}");
                    break;
                case 12:
                    byte[] bom = rng.Next(3) switch { 0 => [0xEF, 0xBB, 0xBF], 1 => [0xFF, 0xFE], _ => [0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF] };
                    bytes.InsertRange(0, bom);
                    steps.Add($"byte order mark {Convert.ToHexString(bom)}");
                    break;
                case 13:
                    var cut = Math.Min(rng.Next(1, 400), bytes.Count - at);
                    bytes.RemoveRange(at, cut);
                    steps.Add($"delete {cut} bytes at {at}");
                    break;
                case 14:
                    var from = rng.Next(bytes.Count + 1);
                    var span = bytes.GetRange(from, Math.Min(rng.Next(1, 2000), bytes.Count - from));
                    bytes.InsertRange(at, span);
                    steps.Add($"copy {span.Count} bytes from {from} to {at}");
                    break;
                default:
                    var nest = rng.Next(100, 3000);
                    Insert(string.Concat(Enumerable.Repeat("![[", nest)) + "x" + string.Concat(Enumerable.Repeat("](y)", nest)));
                    steps.Add($"{nest} nested links at {at}");
                    break;
            }
        }

        return (bytes.ToArray(), string.Join("; ", steps));
    }

    private static string Escape(string text) => text.Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal)
        .Replace("\0", "\\0", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal);

    [GeneratedRegex(@"^Churn v(\d+) slot (\d+)$")]
    private static partial Regex TitleVersion();

    [GeneratedRegex(@"version-marker-(\d+)\.")]
    private static partial Regex BodyMarker();

    public void Dispose()
    {
        _content.Dispose();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
