using System.Diagnostics;
using System.Globalization;
using ArticleReader.Web.Content.Related;

namespace RelatedBench;

/// <summary>
/// Times <see cref="RelatedReadsEngine.Compute"/> on synthetic snapshots built from a real blog corpus, next
/// to a trivial tokenise-everything baseline measured in the same run, so figures from different machines
/// can be compared as ratios.
/// </summary>
public static class Program
{
    private const int Count = 5;
    private const int Runs = 3;
    private const int Seed = 20260101;
    private const double Megabyte = 1024 * 1024;
    private static readonly int[] s_sizes = [1_000, 10_000];

    /// <summary>Entry point: the optional argument is the corpus folder of markdown posts.</summary>
    public static int Main(string[] args)
    {
        var corpus = args.Length > 0 ? args[0] : Path.Combine("..", "shared", "corpus", "rust-blog", "posts");
        if (!Directory.Exists(corpus))
        {
            Console.Error.WriteLine($"corpus folder not found: {Path.GetFullPath(corpus)}");
            return 2;
        }

        var posts = CorpusReader.Read(corpus);
        if (posts.Count == 0)
        {
            Console.Error.WriteLine($"no markdown posts in {Path.GetFullPath(corpus)}");
            return 2;
        }

        Console.WriteLine($"corpus: {posts.Count} posts from {Path.GetFullPath(corpus)}");
        Console.WriteLine($"cores: {Environment.ProcessorCount}, picks per article: {Count}, runtime: {Environment.Version}");

        // Warm-up on a small set so that JIT cost does not land in the first measurement.
        var warmUp = SyntheticCorpus.Build(posts, 300, Seed);
        Baseline.Tokenise(warmUp);
        RelatedReadsEngine.Compute(warmUp, Count);

        Console.WriteLine();
        Console.WriteLine("      N run | compute ms | baseline ms | ratio | allocated MB | heap after MB | result MB | gen0/gen2 GCs");
        foreach (var size in s_sizes)
        {
            var documents = SyntheticCorpus.Build(posts, size, Seed);
            var timings = new List<double>();
            RelatedReadsResult? result = null;
            for (var run = 1; run <= Runs; run++)
            {
                (result, var elapsed) = Measure(documents, run);
                timings.Add(elapsed);
            }

            timings.Sort();
            Console.WriteLine(Invariant(
                $"      {size} articles: best {timings[0]:F0} ms, median {timings[Runs / 2]:F0} ms; {result!.Warnings.Count} warnings; sample '{documents[0].Slug}' -> {Describe(result.BySlug[documents[0].Slug])}"));
        }

        return 0;
    }

    private static (RelatedReadsResult Result, double ElapsedMs) Measure(IReadOnlyList<RelatedDocument> documents, int run)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        var baselineWatch = Stopwatch.StartNew();
        var (tokens, checksum) = Baseline.Tokenise(documents);
        baselineWatch.Stop();

        GC.Collect();
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var gen0Before = GC.CollectionCount(0);
        var gen2Before = GC.CollectionCount(2);

        var computeWatch = Stopwatch.StartNew();
        var result = RelatedReadsEngine.Compute(documents, Count);
        computeWatch.Stop();

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var gen0 = GC.CollectionCount(0) - gen0Before;
        var gen2 = GC.CollectionCount(2) - gen2Before;
        var heapAfter = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(result);

        var computeMs = computeWatch.Elapsed.TotalMilliseconds;
        var baselineMs = baselineWatch.Elapsed.TotalMilliseconds;
        Console.WriteLine(Invariant(
            $"{documents.Count,7} {run,3} | {computeMs,10:F0} | {baselineMs,11:F0} | {computeMs / baselineMs,5:F1} | {allocated / Megabyte,12:F1} | {heapAfter / Megabyte,13:F1} | {(heapAfter - heapBefore) / Megabyte,9:F1} | {gen0,4}/{gen2}   ({tokens} tokens, checksum {checksum:X8})"));
        return (result, computeMs);
    }

    private static string Describe(IReadOnlyList<RelatedPick> picks) =>
        string.Join("; ", picks.Take(3).Select(p => Invariant($"{p.Slug} [{p.RelatedBy}] {p.Score:F1}")));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
