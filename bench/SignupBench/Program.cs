using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace SignupBench;

/// <summary>
/// A load client for the newsletter endpoint: each of N parallel clients gets the antiforgery
/// cookie and the form's hidden fields from GET /, then posts distinct addresses to /newsletter
/// asking for JSON, and counts the answers 200 {"ok":true}. Mode <c>healthz</c> runs the same
/// loop against GET /healthz as a reference for what the client and machine can do.
/// </summary>
public static partial class Program
{
    private const string Usage = "usage: SignupBench <base-url> signup|healthz [seconds=10] [clients=32] [warm-up seconds=2]";

    /// <summary>Entry point; prints one <c>key=value</c> line that bench/signups.sh reads.</summary>
    public static async Task<int> Main(string[] args)
    {
        if (args.Length < 2 || !Uri.TryCreate(args[0], UriKind.Absolute, out var baseUri) || args[1] is not ("signup" or "healthz"))
        {
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }

        var seconds = args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 10;
        var clients = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 32;
        var warmUp = args.Length > 4 ? double.Parse(args[4], CultureInfo.InvariantCulture) : 2;
        var signup = args[1] == "signup";
        var run = Guid.NewGuid().ToString("N")[..8];

        var workers = new Worker[clients];
        for (var i = 0; i < clients; i++)
        {
            workers[i] = new Worker(baseUri, signup, $"bench-{run}-{i}");
        }

        // Every client has its cookie and form fields before the clock starts.
        await Task.WhenAll(workers.Select(w => w.PrepareAsync()));

        var clock = Stopwatch.StartNew();
        var window = (Start: TimeSpan.FromSeconds(warmUp), End: TimeSpan.FromSeconds(warmUp + seconds));
        await Task.WhenAll(workers.Select(w => Task.Run(() => w.RunAsync(clock, window))));
        var total = clock.Elapsed;

        var measured = workers.Sum(w => w.Measured);
        var latencies = workers.SelectMany(w => w.Latencies).Order().ToArray();
        var others = workers.SelectMany(w => w.Others).GroupBy(o => o).Select(g => $"{g.Key}:{g.Count()}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"mode={args[1]} clients={clients} seconds={seconds} ok={measured} rate={measured / seconds:F0} " +
            $"warmup_ok={workers.Sum(w => w.WarmUp)} tail_ok={workers.Sum(w => w.Tail)} total_ok={workers.Sum(w => w.WarmUp + w.Measured + w.Tail)} " +
            $"p50_ms={Percentile(latencies, 0.50):F2} p99_ms={Percentile(latencies, 0.99):F2} other={(others.Any() ? string.Join(',', others) : "none")} " +
            $"elapsed_s={total.TotalSeconds:F1} run={run}"));
        foreach (var worker in workers)
        {
            worker.Dispose();
        }

        return 0;
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    [GeneratedRegex("<form[^>]*class=\"[^\"]*newsletter-signup[^\"]*\"[^>]*>(?<body>.*?)</form>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    internal static partial Regex SignupForm();

    [GeneratedRegex("data-fields-url=\"(?<url>[^\"]*)\"", RegexOptions.IgnoreCase)]
    internal static partial Regex FieldsUrl();

    /// <summary>One client: its own connection and cookie jar, requests one after another.</summary>
    private sealed class Worker(Uri baseUri, bool signup, string prefix) : IDisposable
    {
        private readonly HttpClient _client = new(new SocketsHttpHandler { CookieContainer = new CookieContainer(), UseCookies = true, AutomaticDecompression = DecompressionMethods.None })
        {
            BaseAddress = baseUri,
            Timeout = TimeSpan.FromSeconds(30),
        };

        private string _token = string.Empty;
        private string _stamp = string.Empty;

        public long WarmUp { get; private set; }

        public long Measured { get; private set; }

        public long Tail { get; private set; }

        public List<double> Latencies { get; } = [];

        public List<string> Others { get; } = [];

        public async Task PrepareAsync()
        {
            if (!signup)
            {
                return;
            }

            // As the form's script does: the page (the same for everyone) names the fields URL,
            // which answers this client's antiforgery token and cookie, and the form's time stamp.
            var html = await _client.GetStringAsync(new Uri("/", UriKind.Relative));
            var form = SignupForm().Match(html);
            if (!form.Success)
            {
                throw new InvalidOperationException("GET / has no form.newsletter-signup");
            }

            var fieldsUrl = FieldsUrl().Match(form.Value);
            if (!fieldsUrl.Success)
            {
                throw new InvalidOperationException("form.newsletter-signup has no data-fields-url");
            }

            using (var answer = System.Text.Json.JsonDocument.Parse(await _client.GetStringAsync(new Uri(WebUtility.HtmlDecode(fieldsUrl.Groups["url"].Value), UriKind.Relative))))
            {
                var fields = answer.RootElement.GetProperty("fields");
                _token = fields.GetProperty("__RequestVerificationToken").GetString() ?? string.Empty;
                _stamp = fields.GetProperty("stamp").GetString() ?? string.Empty;
            }

            if (_token.Length == 0 || _stamp.Length == 0)
            {
                throw new InvalidOperationException("form.newsletter-signup lacks __RequestVerificationToken or stamp");
            }
        }

        public async Task RunAsync(Stopwatch clock, (TimeSpan Start, TimeSpan End) window)
        {
            var n = 0;
            while (clock.Elapsed < window.End)
            {
                var started = clock.Elapsed;
                var ok = signup ? await PostAsync($"{prefix}-{n++}@example.com") : await HealthAsync();
                var done = clock.Elapsed;
                if (!ok)
                {
                    continue;
                }

                if (done < window.Start)
                {
                    WarmUp++;
                }
                else if (done <= window.End)
                {
                    Measured++;
                    Latencies.Add((done - started).TotalMilliseconds);
                }
                else
                {
                    Tail++;
                }
            }
        }

        private async Task<bool> PostAsync(string email)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/newsletter", UriKind.Relative))
            {
                Content = new FormUrlEncodedContent(
                [
                    new("email", email),
                    new("stamp", _stamp),
                    new("__RequestVerificationToken", _token),
                    new("returnUrl", "/"),
                ]),
            };
            request.Headers.Accept.ParseAdd("application/json");
            using var response = await _client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.OK && body.Contains("\"ok\":true", StringComparison.Ordinal))
            {
                return true;
            }

            Others.Add(((int)response.StatusCode).ToString(CultureInfo.InvariantCulture));
            return false;
        }

        private async Task<bool> HealthAsync()
        {
            using var response = await _client.GetAsync(new Uri("/healthz", UriKind.Relative));
            await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return true;
            }

            Others.Add(((int)response.StatusCode).ToString(CultureInfo.InvariantCulture));
            return false;
        }

        public void Dispose() => _client.Dispose();
    }
}
