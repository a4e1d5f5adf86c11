using System.Diagnostics;
using ArticleReader.Web.Content.Search;
using SearchBench;

// Usage: SearchBench <corpus-folder> [documents=10000] [queries=2000]
var corpusFolder = args.Length > 0 ? args[0] : Path.Combine("..", "shared", "corpus", "rust-blog", "posts");
var documentCount = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10_000;
var queryCount = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 2_000;
const int Seed = 20240601;

var posts = CorpusReader.Read(corpusFolder);
Console.WriteLine($"corpus: {posts.Count} posts from {Path.GetFullPath(corpusFolder)}");
var corpus = SyntheticCorpus.Create(posts, documentCount, Seed);
var documents = corpus.Documents;
var textChars = documents.Sum(d => (long)d.BodyText.Length);
Console.WriteLine($"documents: {documents.Count:N0} ({textChars / 1_048_576.0:F1} MiB of body text)");

// Builds: the first includes JIT; the second is the steady-state figure.
var memoryBefore = GC.GetTotalMemory(forceFullCollection: true);
var stopwatch = Stopwatch.StartNew();
var index = SearchIndex.Build(documents);
var coldBuild = stopwatch.Elapsed;
var memoryAfter = GC.GetTotalMemory(forceFullCollection: true);
stopwatch.Restart();
index = SearchIndex.Build(documents);
var warmBuild = stopwatch.Elapsed;

// Incremental: one document replaced by an edited copy, the rest reused from the previous index.
var edited = new List<SearchDocument>(documents);
edited[documents.Count / 2] = edited[documents.Count / 2] with { BodyText = edited[documents.Count / 2].BodyText + " edited" };
stopwatch.Restart();
var incremental = SearchIndex.Build(edited, index);
var incrementalBuild = stopwatch.Elapsed;
Console.WriteLine(
    $"build: full {coldBuild.TotalMilliseconds:F0} ms (cold), {warmBuild.TotalMilliseconds:F0} ms (warm); " +
    $"incremental after 1 edit {incrementalBuild.TotalMilliseconds:F0} ms; " +
    $"index ~{(memoryAfter - memoryBefore) / 1_048_576.0:F0} MiB retained");
GC.KeepAlive(incremental);

// Queries: 1-3 frequent corpus words, about a third with the last word cut to a prefix, as while typing.
var random = new Random(Seed);
var vocabulary = corpus.Vocabulary;
var queries = new string[queryCount];
var prefixQueries = 0;
for (var i = 0; i < queries.Length; i++)
{
    var words = Enumerable.Range(0, 1 + random.Next(3))
        .Select(_ => vocabulary[(int)(Math.Pow(random.NextDouble(), 2) * vocabulary.Length)])
        .ToArray();
    var last = words[^1];
    if (random.Next(3) == 0 && last.Length > 3)
    {
        words[^1] = last[..(2 + random.Next(last.Length - 3))];
        prefixQueries++;
    }

    queries[i] = string.Join(' ', words);
}

var baseline = vocabulary.Select((word, i) => (word, i)).ToDictionary(pair => pair.word, pair => pair.i);
var firstWords = queries.Select(q => q.Split(' ')[0]).ToArray();

for (var round = 0; round < 3; round++)
{
    foreach (var query in queries)
    {
        index.Search(query, 0, 10);
    }
}

GC.Collect();
var searchTimes = new double[queries.Length];
var baselineTimes = new double[queries.Length];
long hitsTotal = 0;
var sink = 0;
var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
for (var i = 0; i < queries.Length; i++)
{
    var start = Stopwatch.GetTimestamp();
    var results = index.Search(queries[i], 0, 10);
    searchTimes[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
    hitsTotal += results.Total;
}

var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
for (var i = 0; i < queries.Length; i++)
{
    var start = Stopwatch.GetTimestamp();
    sink += baseline.TryGetValue(firstWords[i], out var value) ? value : 0;
    baselineTimes[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
}

Array.Sort(searchTimes);
Array.Sort(baselineTimes);
Console.WriteLine(
    $"queries: {queries.Length:N0} ({prefixQueries} with a prefix last word), take 10, " +
    $"avg total matches {hitsTotal / (double)queries.Length:F0}, {allocated / queries.Length:N0} B allocated/query");
Console.WriteLine(
    $"search   µs: p50 {Percentile(searchTimes, 50):F1}  p95 {Percentile(searchTimes, 95):F1}  " +
    $"p99 {Percentile(searchTimes, 99):F1}  max {searchTimes[^1]:F1}");
Console.WriteLine(
    $"baseline µs (Dictionary lookup of one term, same timer): p50 {Percentile(baselineTimes, 50):F2}  " +
    $"p95 {Percentile(baselineTimes, 95):F2}  p99 {Percentile(baselineTimes, 99):F2}");
Console.WriteLine(
    $"ratio search/baseline: p50 {Percentile(searchTimes, 50) / Percentile(baselineTimes, 50):F0}x  " +
    $"p95 {Percentile(searchTimes, 95) / Percentile(baselineTimes, 95):F0}x");
GC.KeepAlive(sink);

// A glance at relevance, so a fast but wrong ranking does not go unnoticed.
foreach (var sample in new[] { "async closures", "security advisory", "cargo regis" })
{
    var top = index.Search(sample, 0, 3);
    Console.WriteLine($"sample \"{sample}\": {top.Total} matches; top: {string.Join(" | ", top.Hits.Select(h => h.Document.Title))}");
}

static double Percentile(double[] sorted, int percent) =>
    sorted[Math.Clamp((int)Math.Ceiling(percent / 100.0 * sorted.Length) - 1, 0, sorted.Length - 1)];
